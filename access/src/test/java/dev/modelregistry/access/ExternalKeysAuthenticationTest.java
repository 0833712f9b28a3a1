package dev.modelregistry.access;

import static dev.modelregistry.access.AccessTestApplication.CURRENT_KEY;
import static dev.modelregistry.access.AccessTestApplication.FOREIGN_KEY;
import static dev.modelregistry.access.HttpTestSupport.registryClaims;
import static dev.modelregistry.access.HttpTestSupport.send;
import static dev.modelregistry.access.HttpTestSupport.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import dev.modelregistry.access.HttpTestSupport.Answer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A service without the signing keys in its JVM (a query side deployed alone): registry tokens are
 * checked against the key set it fetches from {@code registry.auth.registry-jwk-set-uri}, and tokens of
 * an external OIDC issuer against the key set named by the issuer's discovery document. Both are served
 * by a small HTTP server in the test.
 */
@SpringBootTest(classes = AccessTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "test.signing-keys-in-jvm=false")
class ExternalKeysAuthenticationTest {

    private static final RSAKey IDP_KEY = rsa("idp-key");
    private static final HttpServer SERVER = start();
    private static final String ISSUER = "http://127.0.0.1:" + SERVER.getAddress().getPort() + "/idp";
    private static final String AUDIENCE = "model-registry-api";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("registry.auth.oidc.issuer-uri", () -> ISSUER);
        registry.add("registry.auth.oidc.audience", () -> AUDIENCE);
        registry.add("registry.auth.registry-jwk-set-uri",
                () -> "http://127.0.0.1:" + SERVER.getAddress().getPort() + "/registry/jwks");
    }

    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            serve(server, "/idp/.well-known/openid-configuration", "{\"issuer\":\"" + base + "/idp\","
                    + "\"jwks_uri\":\"" + base + "/idp/jwks\",\"subject_types_supported\":[\"public\"],"
                    + "\"id_token_signing_alg_values_supported\":[\"RS256\"]}");
            serve(server, "/idp/jwks", new JWKSet(IDP_KEY.toPublicJWK()).toString());
            serve(server, "/registry/jwks", new JWKSet(CURRENT_KEY.toPublicJWK()).toString());
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void serve(HttpServer server, String path, String json) {
        server.createContext(path, exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    @AfterAll
    static void stop() {
        SERVER.stop(0);
    }

    private static RSAKey rsa(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet.Builder idpClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("00u1a2b3c4")
                .claim("preferred_username", "alice")
                .audience(List.of(AUDIENCE, "other-api"))
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
    }

    @Test
    void oidcTokenAuthenticatesThePreferredUsername() {
        Answer answer = send(port, "GET", "/api/v1/auth/me", sign(idpClaims().build(), IDP_KEY));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode me = answer.json();
        assertThat(me.get("principal").asString()).isEqualTo("alice");
        assertThat(me.get("method").asString()).isEqualTo("OIDC");
        assertThat(me.get("session_id").isNull()).isTrue();
    }

    @Test
    void oidcTokenWithoutPreferredUsernameAuthenticatesItsSubject() {
        String token = sign(idpClaims().claim("preferred_username", null).build(), IDP_KEY);

        assertThat(send(port, "GET", "/api/v1/auth/me", token).json().get("principal").asString())
                .isEqualTo("00u1a2b3c4");
    }

    @Test
    void oidcPrincipalGetsTheRolesGrantedToThatName() {
        String token = sign(idpClaims().claim("preferred_username", "viewer-fraud").build(), IDP_KEY);

        assertThat(send(port, "GET", "/api/v1/models/fraud.detector", token).status()).isEqualTo(200);
        send(port, "GET", "/api/v1/models/risk.detector", token).problem(403, "forbidden");
    }

    @Test
    void oidcTokenForAnotherAudienceIsRefused() {
        String token = sign(idpClaims().audience("someone-else").build(), IDP_KEY);

        send(port, "GET", "/api/v1/auth/me", token).problem(401, "invalid_token");
    }

    @Test
    void tokenClaimingTheOidcIssuerButSignedWithAnotherKeyIsRefused() {
        send(port, "GET", "/api/v1/auth/me", sign(idpClaims().build(), FOREIGN_KEY)).problem(401, "invalid_token");
    }

    @Test
    void expiredOidcTokenIsRefused() {
        Instant now = Instant.now();
        String token = sign(idpClaims().issueTime(Date.from(now.minusSeconds(900)))
                .expirationTime(Date.from(now.minusSeconds(120))).build(), IDP_KEY);

        send(port, "GET", "/api/v1/auth/me", token).problem(401, "invalid_token");
    }

    @Test
    void tokenOfAnIssuerThatIsNeitherTheRegistryNorTheOidcIssuerIsRefused() {
        String token = sign(idpClaims().issuer("http://127.0.0.1:1/elsewhere").build(), IDP_KEY);

        send(port, "GET", "/api/v1/auth/me", token).problem(401, "invalid_token");
    }

    @Test
    void registryTokenIsCheckedAgainstTheFetchedRegistryKeySet() {
        Answer answer = send(port, "GET", "/api/v1/auth/me", sign(registryClaims("viewer-fraud").build(), CURRENT_KEY));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("method").asString()).isEqualTo("REGISTRY_TOKEN");
    }

    @Test
    void registryTokenSignedWithTheOidcIssuersKeyIsRefused() {
        send(port, "GET", "/api/v1/auth/me", sign(registryClaims("root").build(), IDP_KEY))
                .problem(401, "invalid_token");
    }

    @Test
    void serviceWithoutSigningKeysHasNoAccessTokensBean() {
        assertThat(context.getBeanNamesForType(AccessTokens.class)).isEmpty();
        assertThat(context.getBeanNamesForType(SigningKeys.class)).isEmpty();
    }
}
