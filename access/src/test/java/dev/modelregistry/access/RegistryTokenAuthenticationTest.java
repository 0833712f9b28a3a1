package dev.modelregistry.access;

import static dev.modelregistry.access.AccessTestApplication.CURRENT_KEY;
import static dev.modelregistry.access.AccessTestApplication.FOREIGN_KEY;
import static dev.modelregistry.access.AccessTestApplication.RETIRED_KEY;
import static dev.modelregistry.access.HttpTestSupport.registryClaims;
import static dev.modelregistry.access.HttpTestSupport.send;
import static dev.modelregistry.access.HttpTestSupport.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.modelregistry.access.HttpTestSupport.Answer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Access tokens of the registry itself, over real HTTP, checked against real RSA keys. */
@SpringBootTest(classes = AccessTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistryTokenAuthenticationTest {

    @LocalServerPort
    int port;

    @Autowired
    AccessTokens accessTokens;

    @Test
    void tokenIssuedByAccessTokensAuthenticatesItsSubjectWithTokenAndSessionIds() {
        AccessTokens.IssuedToken issued = accessTokens.issue("viewer-fraud", "session-a");

        Answer answer = send(port, "GET", "/api/v1/auth/me", issued.value());

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode me = answer.json();
        assertThat(me.get("principal").asString()).isEqualTo("viewer-fraud");
        assertThat(me.get("method").asString()).isEqualTo("REGISTRY_TOKEN");
        assertThat(me.get("token_id").asString()).isEqualTo(issued.tokenId());
        assertThat(me.get("session_id").asString()).isEqualTo("session-a");
    }

    @Test
    void issuedTokenIsRs256WithTheCurrentKeyIdAndExpiresAfterTheConfiguredLifetime() throws Exception {
        AccessTokens.IssuedToken issued = accessTokens.issue("root", "session-b");

        SignedJWT jwt = SignedJWT.parse(issued.value());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(CURRENT_KEY.getKeyID());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("urn:model-registry");
        assertThat(claims.getSubject()).isEqualTo("root");
        assertThat(claims.getStringClaim("sid")).isEqualTo("session-b");
        assertThat(claims.getJWTID()).isEqualTo(issued.tokenId());
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(issued.expiresAt());
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(15 * 60 * 1000L);
    }

    @Test
    void tokenSignedWithARetiredKeyThatIsStillPublishedIsAccepted() {
        String token = sign(registryClaims("viewer-fraud").build(), RETIRED_KEY);

        assertThat(send(port, "GET", "/api/v1/auth/me", token).status()).isEqualTo(200);
    }

    @Test
    void tokenExpiredLessThanTheClockSkewAgoIsStillAccepted() {
        Instant now = Instant.now();
        String token = sign(registryClaims("viewer-fraud").issueTime(Date.from(now.minusSeconds(300)))
                .expirationTime(Date.from(now.minusSeconds(10))).build(), CURRENT_KEY);

        assertThat(send(port, "GET", "/api/v1/auth/me", token).status()).isEqualTo(200);
    }

    @Test
    void requestWithoutTokenIsUnauthenticatedWithABearerChallengeWithoutErrorCode() {
        Answer answer = send(port, "GET", "/api/v1/auth/me", null);

        JsonNode problem = answer.problem(401, "unauthenticated");
        assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/auth/me");
        assertThat(answer.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"model-registry\"");
    }

    @Test
    void basicCredentialsAreNotAcceptedAndCountAsNoToken() {
        Answer answer = send(port, "GET", "/api/v1/auth/me", "Basic cm9vdDpyb290", null);

        answer.problem(401, "unauthenticated");
    }

    @Test
    void tokenOfAnEndedSessionIsRefusedAtOnce() {
        AccessTokens.IssuedToken issued = accessTokens.issue("viewer-fraud", "session-to-end");
        assertThat(send(port, "GET", "/api/v1/auth/me", issued.value()).status()).isEqualTo(200);

        AccessTestApplication.ENDED_SESSIONS.add("session-to-end");

        Answer answer = send(port, "GET", "/api/v1/auth/me", issued.value());
        answer.problem(401, "invalid_token");
        assertThat(answer.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
    }

    static Stream<Arguments> hostileTokens() {
        Instant now = Instant.now();
        return Stream.of(
                hostile("alg none", () -> {
                    String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                            .toString();
                    String payload = registryClaims("root").build().toPayload().toBase64URL().toString();
                    return header + "." + payload + ".";
                }),
                hostile("signature stripped", () -> {
                    String token = sign(registryClaims("root").build(), CURRENT_KEY);
                    return token.substring(0, token.lastIndexOf('.') + 1);
                }),
                hostile("payload altered after signing", () -> {
                    String[] parts = sign(registryClaims("viewer-fraud").build(), CURRENT_KEY).split("\\.");
                    String altered = registryClaims("root").build().toPayload().toBase64URL().toString();
                    return parts[0] + "." + altered + "." + parts[2];
                }),
                hostile("HS256 keyed with the registry's public key", () -> {
                    try {
                        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256)
                                .keyID(CURRENT_KEY.getKeyID()).build(), registryClaims("root").build());
                        jwt.sign(new MACSigner(CURRENT_KEY.toRSAPublicKey().getEncoded()));
                        return jwt.serialize();
                    } catch (JOSEException e) {
                        throw new IllegalStateException(e);
                    }
                }),
                hostile("RS512 with the right key (RS256 only)",
                        () -> sign(registryClaims("root").build(), CURRENT_KEY, JWSAlgorithm.RS512)),
                hostile("signed with an unpublished key under a published key id",
                        () -> sign(registryClaims("root").build(), FOREIGN_KEY)),
                hostile("expired beyond the clock skew", () -> sign(registryClaims("root")
                        .issueTime(Date.from(now.minusSeconds(600)))
                        .expirationTime(Date.from(now.minusSeconds(60))).build(), CURRENT_KEY)),
                hostile("not valid before two minutes from now", () -> sign(registryClaims("root")
                        .notBeforeTime(Date.from(now.plusSeconds(120))).build(), CURRENT_KEY)),
                hostile("issued two minutes in the future", () -> sign(registryClaims("root")
                        .issueTime(Date.from(now.plusSeconds(120)))
                        .expirationTime(Date.from(now.plusSeconds(600))).build(), CURRENT_KEY)),
                hostile("without expiry", () -> sign(registryClaims("root").expirationTime(null).build(), CURRENT_KEY)),
                hostile("another issuer signed with the registry's key",
                        () -> sign(registryClaims("root").issuer("urn:someone-else").build(), CURRENT_KEY)),
                hostile("without issuer", () -> sign(registryClaims("root").issuer(null).build(), CURRENT_KEY)),
                hostile("without session id", () -> sign(registryClaims("root").claim("sid", null).build(), CURRENT_KEY)),
                hostile("without subject", () -> sign(registryClaims("root").subject(null).build(), CURRENT_KEY)),
                hostile("not a JWT", () -> "this-is-not-a-token"),
                hostile("unknown API token", () -> ApiTokenVerifier.PREFIX + "nope_nope"));
    }

    private static Arguments hostile(String name, Supplier<String> token) {
        return Arguments.of(name, token);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileTokens")
    void hostileTokenIsRefusedWith401InvalidTokenAndABearerErrorChallenge(String name, Supplier<String> token) {
        Answer answer = send(port, "GET", "/api/v1/auth/me", token.get());

        JsonNode problem = answer.problem(401, "invalid_token");
        assertThat(problem.get("title").asString()).isEqualTo("Invalid token");
        assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/auth/me");
        assertThat(answer.header("WWW-Authenticate"))
                .startsWith("Bearer realm=\"model-registry\"")
                .contains("error=\"invalid_token\"")
                .contains("error_description=");
    }

    @Test
    void malformedAuthorizationHeaderIsAnInvalidToken() {
        Answer answer = send(port, "GET", "/api/v1/auth/me", "Bearer a b c", null);

        answer.problem(401, "invalid_token");
    }
}
