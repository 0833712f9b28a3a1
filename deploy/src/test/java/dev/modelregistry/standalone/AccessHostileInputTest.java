package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.modelregistry.access.AccessProperties;
import dev.modelregistry.access.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The hostile inputs of the governance issue over HTTP against the real registry: forged, unsigned,
 * expired and not-yet-valid tokens; a contributor promoting; a principal of another namespace reading
 * and writing; fields a client must never set (actor, created_at, stage). Each refusal is a
 * problem+json answer and changes nothing.
 */
class AccessHostileInputTest extends RegistryIntegrationTest {

    @Autowired
    SigningKeys signingKeys;

    @Autowired
    AccessProperties accessProperties;

    private static void problem(Answer answer, int status, String code) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("code").asText()).as("%s", answer).isEqualTo(code);
    }

    /** Claims of a token for the admin's live session, valid now unless the test changes them. */
    private JWTClaimsSet.Builder adminClaims() throws Exception {
        SignedJWT real = SignedJWT.parse(loginAdmin());
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder(real.getJWTClaimsSet())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))));
    }

    private String loginAdmin() {
        // a fresh user with global admin, so that these forgeries target the most powerful principal
        TestUser user = createUser("root");
        Answer granted = put("/api/v1/admin/grants/" + user.username() + "/admin", "{}");
        assertThat(granted.status()).as("%s", granted).isEqualTo(200);
        return login(user.username(), user.password());
    }

    private String signed(JWTClaimsSet claims, RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private int eventCount() {
        return ((Number) value("select count(*) from event_store.domain_event_entry")).intValue();
    }

    @Test
    void tokens_that_are_unsigned_alg_none_forged_expired_or_not_yet_valid_are_refused_and_change_nothing() throws Exception {
        JWTClaimsSet valid = adminClaims().build();
        RSAKey registryKey = signingKeys.current();
        assertThat(as(signed(valid, registryKey)).get("/api/v1/auth/me").status())
                .as("the same claims, correctly signed, are accepted").isEqualTo(200);

        RSAKey otherKey = new RSAKeyGenerator(2048).keyID(registryKey.getKeyID()).generate();
        String plain = new PlainJWT(valid).serialize();
        String algNone = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + valid.toPayload().toBase64URL() + ".";
        String signedThenAltered = signed(valid, registryKey);
        String[] parts = signedThenAltered.split("\\.");
        String altered = parts[0] + "." + new JWTClaimsSet.Builder(valid).subject("someone-else").build()
                .toPayload().toBase64URL() + "." + parts[2];
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), valid);
        hmac.sign(new MACSigner(registryKey.toPublicJWK().toRSAPublicKey().getEncoded()));
        Instant now = Instant.now();
        String expired = signed(adminClaims().issueTime(Date.from(now.minus(Duration.ofHours(2))))
                .expirationTime(Date.from(now.minus(Duration.ofHours(1)))).build(), registryKey);
        String notYetValid = signed(adminClaims().notBeforeTime(Date.from(now.plus(Duration.ofHours(1)))).build(),
                registryKey);
        String wrongIssuer = signed(adminClaims().issuer("https://evil.example").build(), registryKey);

        int eventsBefore = eventCount();
        String name = uniqueName("forged");
        for (String token : new String[] {plain, algNone, signed(valid, otherKey), altered, hmac.serialize(), expired,
                notYetValid, wrongIssuer, "not-a-jwt", "mrt_0123456789abcdef01234567_guess"}) {
            Answer answer = as(token).post("/api/v1/models",
                    "{\"name\":\"" + name + "\",\"description\":\"d\",\"owner_team\":\"risk\",\"tags\":{}}");
            problem(answer, 401, "invalid_token");
            assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer").contains("invalid_token");
            problem(as(token).get("/api/v1/models"), 401, "invalid_token");
        }
        problem(anonymous().get("/api/v1/models"), 401, "unauthenticated");
        assertThat(eventCount()).isEqualTo(eventsBefore);
    }

    @Test
    void a_contributor_cannot_promote_and_nothing_changes() {
        String namespace = "hx-" + UUID.randomUUID().toString().substring(0, 6);
        String contributor = userWith(namespace, "contributor");
        String model = namespace + "." + uniqueName("m");
        Answer created = as(contributor).post("/api/v1/models",
                "{\"name\":\"" + model + "\",\"description\":\"d\",\"owner_team\":\"" + namespace + "\",\"tags\":{}}");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        Answer version = as(contributor).post("/api/v1/models/" + model + "/versions", versionBody(model, 0.9));
        assertThat(version.status()).as("%s", version).isEqualTo(201);
        int before = storedEvents(model).size();

        for (String stage : new String[] {"Staging", "Production"}) {
            Answer promote = as(contributor).post("/api/v1/models/" + model + "/versions/1:transition",
                    "{\"stage\":\"" + stage + "\"}");
            problem(promote, 403, "forbidden");
        }
        problem(as(contributor).put("/api/v1/models/" + model + "/aliases/champion", "{\"version\":1}"), 403, "forbidden");
        problem(as(contributor).delete("/api/v1/models/" + model), 403, "forbidden");
        assertThat(storedEvents(model)).hasSize(before);
    }

    @Test
    void a_principal_of_another_namespace_can_neither_read_nor_write_nor_see_the_model_in_listings() {
        String home = "ha-" + UUID.randomUUID().toString().substring(0, 6);
        String other = "hb-" + UUID.randomUUID().toString().substring(0, 6);
        ensureNamespace(home);
        String model = registerModel(home + "." + uniqueName("secret"));
        Answer version = registerVersion(model, 0.95);
        assertThat(version.status()).isEqualTo(201);
        awaitProjected(version.position());
        String outsider = userWith(other, "admin");
        int before = storedEvents(model).size();

        problem(as(outsider).get("/api/v1/models/" + model), 403, "forbidden");
        problem(as(outsider).get("/api/v1/models/" + model + "/versions/1"), 403, "forbidden");
        problem(as(outsider).get("/api/v1/models/" + model + "/versions/1/artifacts"), 403, "forbidden");
        problem(as(outsider).patch("/api/v1/models/" + model, "{\"description\":\"mine now\"}"), 403, "forbidden");
        problem(as(outsider).post("/api/v1/models/" + model + "/versions", versionBody(model, 0.1)), 403, "forbidden");
        problem(as(outsider).post("/api/v1/models", "{\"name\":\"" + home + "." + uniqueName("squat")
                + "\",\"description\":\"d\",\"owner_team\":\"" + other + "\",\"tags\":{}}"), 403, "forbidden");
        problem(as(outsider).put("/api/v1/admin/namespaces/" + home + "/grants/" + "mallory/admin", "{}"), 403, "forbidden");

        Answer listing = as(outsider).getAt("/api/v1/models?page_size=500", version.position());
        assertThat(listing.status()).isEqualTo(200);
        assertThat(listing.response().body()).doesNotContain(model);
        Answer search = as(outsider).getAt("/api/v1/search/versions?q=" + model, version.position());
        assertThat(search.status()).as("%s", search).isEqualTo(200);
        assertThat(search.response().body()).doesNotContain(model);
        assertThat(storedEvents(model)).hasSize(before);
    }

    @Test
    void fields_only_the_registry_sets_are_refused_in_request_bodies_and_nothing_is_created() {
        String name = uniqueName("mass");
        for (String field : new String[] {"\"actor\":\"mallory\"", "\"created_at\":\"2020-01-01T00:00:00Z\"",
                "\"created_by\":\"mallory\""}) {
            Answer answer = post("/api/v1/models",
                    "{\"name\":\"" + name + "\",\"description\":\"d\",\"owner_team\":\"risk\",\"tags\":{}," + field + "}");
            problem(answer, 400, "unknown_field");
        }
        assertThat(storedEvents(name)).isEmpty();

        String model = registerModel(uniqueName("mass"));
        for (String field : new String[] {"\"stage\":\"Production\"", "\"actor\":\"mallory\"", "\"created_at\":\"2020-01-01T00:00:00Z\"",
                "\"version\":7"}) {
            Answer answer = post("/api/v1/models/" + model + "/versions",
                    versionBody(model, 0.9).replaceFirst("\\{", "{" + field + ","));
            problem(answer, 400, "unknown_field");
        }
        Answer grant = put("/api/v1/admin/namespaces/default/grants/mallory/viewer", "{\"role\":\"admin\"}");
        assertThat(grant.status()).as("%s", grant).isEqualTo(400);
        assertThat(storedEvents(model)).hasSize(1);
    }
}
