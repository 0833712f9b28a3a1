package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sign-in, refresh-token rotation and reuse detection, sign-out, password changes, API tokens, user
 * administration and the bootstrap admin, over HTTP against the real registry (PostgreSQL, Kafka).
 * Every refusal is asserted as problem+json with its code; what must not change is checked in the
 * database.
 */
class AuthLifecycleTest extends RegistryIntegrationTest {

    private Answer loginAnswer(String username, String password) {
        return anonymous().post("/api/v1/auth/login",
                JSON.createObjectNode().put("username", username).put("password", password).toString());
    }

    private Answer refreshAnswer(String refreshToken) {
        return anonymous().post("/api/v1/auth/refresh",
                JSON.createObjectNode().put("refresh_token", refreshToken).toString());
    }

    private static void problem(Answer answer, int status, String code) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("code").asText()).isEqualTo(code);
    }

    /** An authenticated request that changes nothing: issuing no token, just a rejected body. */
    private int probe(String token) {
        return as(token).post("/api/v1/auth/api-tokens", "{}").status();
    }

    @Test
    void unknown_user_wrong_password_and_disabled_account_get_one_and_the_same_answer() {
        TestUser user = createUser("login");
        TestUser disabled = createUser("gone");
        assertThat(post("/api/v1/admin/users/" + disabled.username() + ":disable", "{\"reason\":\"test\"}").status())
                .isEqualTo(200);

        Answer unknown = loginAnswer("nobody-" + user.username(), user.password());
        Answer wrong = loginAnswer(user.username(), user.password() + "x");
        Answer off = loginAnswer(disabled.username(), disabled.password());
        for (Answer answer : List.of(unknown, wrong, off)) {
            problem(answer, 401, "invalid_credentials");
            assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(answer.json().get("detail").asText()).isEqualTo(unknown.json().get("detail").asText());
        }

        Answer ok = loginAnswer(user.username(), user.password());
        assertThat(ok.status()).isEqualTo(200);
        JsonNode tokens = ok.json();
        assertThat(tokens.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(tokens.get("expires_in").asLong()).isPositive();
        assertThat(tokens.get("refresh_expires_in").asLong()).isPositive();
        assertThat(ok.header("Cache-Control")).contains("no-store");
        assertThat(tokens.get("access_token").asText().split("\\.")).hasSize(3);
    }

    @Test
    void refresh_rotates_and_a_reused_refresh_token_ends_the_whole_session() {
        TestUser user = createUser("rot");
        JsonNode first = loginAnswer(user.username(), user.password()).json();
        Answer rotated = refreshAnswer(first.get("refresh_token").asText());
        assertThat(rotated.status()).isEqualTo(200);
        JsonNode second = rotated.json();
        assertThat(second.get("refresh_token").asText()).isNotEqualTo(first.get("refresh_token").asText());
        String access = second.get("access_token").asText();
        assertThat(probe(access)).isEqualTo(400);

        // the first refresh token again: someone holds a copy
        problem(refreshAnswer(first.get("refresh_token").asText()), 401, "refresh_token_reused");
        // the whole family is gone, and the session's access tokens stop at once
        problem(refreshAnswer(second.get("refresh_token").asText()), 401, "invalid_refresh_token");
        assertThat(probe(access)).isEqualTo(401);
        List<Map<String, Object>> events = rows("select payload_type, meta_data from event_store.domain_event_entry "
                + "where aggregate_identifier = ? order by sequence_number", "user:" + user.username());
        assertThat(events).extracting(row -> (String) row.get("payload_type"))
                .anyMatch(type -> type.contains("refresh-token-reuse-detected"));
        problem(refreshAnswer("not-a-token"), 401, "invalid_refresh_token");
    }

    @Test
    void logout_ends_the_session_its_access_token_and_its_refresh_token() {
        TestUser user = createUser("out");
        JsonNode tokens = loginAnswer(user.username(), user.password()).json();
        String access = tokens.get("access_token").asText();
        assertThat(as(access).post("/api/v1/auth/logout", "").status()).isEqualTo(204);
        assertThat(probe(access)).isEqualTo(401);
        problem(refreshAnswer(tokens.get("refresh_token").asText()), 401, "invalid_refresh_token");
        assertThat(anonymous().post("/api/v1/auth/logout", "").status()).isEqualTo(401);
    }

    @Test
    void a_password_change_needs_the_current_password_and_ends_every_session() {
        TestUser user = createUser("pw");
        String access = login(user.username(), user.password());
        String newPassword = "a much longer new password";
        problem(as(access).post("/api/v1/auth/password", JSON.createObjectNode().put("current_password", "wrong-password")
                .put("new_password", newPassword).toString()), 400, "wrong_password");
        problem(as(access).post("/api/v1/auth/password", JSON.createObjectNode()
                .put("current_password", user.password()).put("new_password", "short").toString()), 400, "invalid_password");
        assertThat(probe(access)).isEqualTo(400);

        Answer changed = as(access).post("/api/v1/auth/password", JSON.createObjectNode()
                .put("current_password", user.password()).put("new_password", newPassword).toString());
        assertThat(changed.status()).isEqualTo(204);
        assertThat(changed.position()).isPositive();
        assertThat(probe(access)).isEqualTo(401);
        problem(loginAnswer(user.username(), user.password()), 401, "invalid_credentials");
        assertThat(loginAnswer(user.username(), newPassword).status()).isEqualTo(200);
        // the hash is the scheme's, never the password; no event carries either
        String hash = (String) value("select password_hash from event_store.user_credential where username = ?",
                user.username());
        assertThat(hash).startsWith("{bcrypt-sha256}$2a$").doesNotContain(newPassword);
        assertThat(((Number) value("select count(*) from event_store.domain_event_entry where aggregate_identifier = ? "
                + "and (convert_from(payload, 'UTF8') like ? or convert_from(payload, 'UTF8') like '%bcrypt%')",
                "user:" + user.username(), "%" + newPassword + "%")).longValue()).isZero();
    }

    @Test
    void api_tokens_are_shown_once_stored_hashed_revocable_and_owned() {
        TestUser owner = createUser("ci");
        TestUser other = createUser("other");
        String access = login(owner.username(), owner.password());
        Answer issued = as(access).post("/api/v1/auth/api-tokens", "{\"name\":\"github actions\",\"expires_in_days\":30}");
        assertThat(issued.status()).isEqualTo(201);
        String token = issued.json().get("token").asText();
        String tokenId = issued.json().get("token_id").asText();
        assertThat(token).startsWith("mrt_" + tokenId + "_");
        assertThat(issued.json().get("expires_at").asText()).isNotEmpty();
        assertThat(probe(token)).isEqualTo(400);

        String secret = token.substring(("mrt_" + tokenId + "_").length());
        assertThat(((Number) value("select count(*) from event_store.api_token where token_id = ? "
                + "and secret_hash = sha256(convert_to(?, 'UTF8'))", tokenId, secret)).longValue()).isOne();
        assertThat(((Number) value("select count(*) from event_store.domain_event_entry "
                + "where convert_from(payload, 'UTF8') like ?", "%" + secret + "%")).longValue()).isZero();

        // someone else's token does not exist for them; a tampered secret authenticates nobody
        problem(as(login(other.username(), other.password())).delete("/api/v1/auth/api-tokens/" + tokenId),
                404, "api_token_not_found");
        assertThat(probe(token.substring(0, token.length() - 2) + "xx")).isEqualTo(401);

        assertThat(as(access).delete("/api/v1/auth/api-tokens/" + tokenId).status()).isEqualTo(204);
        assertThat(probe(token)).isEqualTo(401);
        // revoking again changes nothing
        assertThat(as(access).delete("/api/v1/auth/api-tokens/" + tokenId).status()).isEqualTo(204);
    }

    @Test
    void a_revoked_role_counts_from_the_very_next_request_of_a_token_in_use() {
        TestUser user = createUser("busy");
        String token = as(login(user.username(), user.password()))
                .post("/api/v1/auth/api-tokens", "{\"name\":\"busy\"}").json().get("token").asText();
        assertThat(put("/api/v1/admin/grants/" + user.username() + "/admin", "").status()).isEqualTo(200);
        // the token and its roles are read by these requests, and may be reused by the next ones
        for (int i = 0; i < 3; i++) {
            assertThat(as(token).post("/api/v1/admin/namespaces",
                    JSON.createObjectNode().put("namespace", uniqueName("busy")).toString()).status()).isEqualTo(201);
        }
        assertThat(delete("/api/v1/admin/grants/" + user.username() + "/admin").status()).isEqualTo(204);
        problem(as(token).post("/api/v1/admin/namespaces",
                JSON.createObjectNode().put("namespace", uniqueName("busy")).toString()), 403, "forbidden");

        assertThat(put("/api/v1/admin/grants/" + user.username() + "/admin", "").status()).isEqualTo(200);
        assertThat(as(token).post("/api/v1/admin/namespaces",
                JSON.createObjectNode().put("namespace", uniqueName("busy")).toString()).status()).isEqualTo(201);
        assertThat(post("/api/v1/admin/users/" + user.username() + ":disable", "").status()).isEqualTo(200);
        assertThat(probe(token)).isEqualTo(401);
    }

    @Test
    void a_disabled_user_authenticates_nowhere_and_enabling_brings_back_api_tokens_not_sessions() {
        TestUser user = createUser("dis");
        String access = login(user.username(), user.password());
        String token = as(access).post("/api/v1/auth/api-tokens", "{\"name\":\"t\"}").json().get("token").asText();

        Answer disabled = post("/api/v1/admin/users/" + user.username() + ":disable", "{\"reason\":\"offboarding\"}");
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().get("disabled").asBoolean()).isTrue();
        assertThat(probe(access)).isEqualTo(401);
        assertThat(probe(token)).isEqualTo(401);

        assertThat(post("/api/v1/admin/users/" + user.username() + ":enable", "").status()).isEqualTo(200);
        assertThat(probe(token)).isEqualTo(400);
        assertThat(probe(access)).isEqualTo(401);
    }

    @Test
    void creating_a_user_twice_is_refused_and_leaves_the_first_credential_alone() {
        TestUser user = createUser("dup");
        String before = (String) value("select password_hash from event_store.user_credential where username = ?",
                user.username());
        problem(post("/api/v1/admin/users", JSON.createObjectNode().put("username", user.username())
                .put("password", "another password entirely").toString()), 409, "user_exists");
        assertThat(value("select password_hash from event_store.user_credential where username = ?", user.username()))
                .isEqualTo(before);
        problem(loginAnswer(user.username(), "another password entirely"), 401, "invalid_credentials");

        // a generated password is answered once and works
        String generated = uniqueName("gen");
        Answer created = post("/api/v1/admin/users", JSON.createObjectNode().put("username", generated).toString());
        assertThat(created.status()).isEqualTo(201);
        assertThat(loginAnswer(generated, created.json().get("initial_password").asText()).status()).isEqualTo(200);
        Answer reset = post("/api/v1/admin/users/" + generated + ":reset-password", "");
        assertThat(reset.status()).isEqualTo(200);
        assertThat(loginAnswer(generated, reset.json().get("initial_password").asText()).status()).isEqualTo(200);
        problem(post("/api/v1/admin/users/nobody-" + generated + ":disable", ""), 404, "user_not_found");
    }

    @Test
    void the_bootstrap_admin_was_created_by_system_with_global_admin() {
        assertThat(rows("select role from event_store.access_global_grant where principal = ?", ADMIN))
                .extracting(row -> row.get("role")).contains("admin");
        String actor = (String) value("select convert_from(meta_data, 'UTF8') from event_store.domain_event_entry "
                + "where aggregate_identifier = ? and sequence_number = 0", "user:" + ADMIN);
        assertThat(actor).contains("\"actor\":\"system\"");
        assertThat(((Number) value("select count(*) from event_store.user_credential where username = ?", ADMIN))
                .longValue()).isOne();
    }

    @Test
    void namespaces_grants_and_their_refusals() {
        String namespace = uniqueName("ns");
        Answer created = post("/api/v1/admin/namespaces",
                JSON.createObjectNode().put("namespace", namespace).put("description", "team").toString());
        assertThat(created.status()).isEqualTo(201);
        problem(post("/api/v1/admin/namespaces", JSON.createObjectNode().put("namespace", namespace).toString()),
                409, "namespace_exists");
        problem(post("/api/v1/admin/namespaces", "{\"namespace\":\"default\"}"), 409, "namespace_exists");
        problem(put("/api/v1/admin/namespaces/nothere-" + namespace + "/members/alice", ""), 404, "namespace_not_found");

        Answer granted = put("/api/v1/admin/namespaces/" + namespace + "/grants/alice/reviewer", "");
        assertThat(granted.status()).isEqualTo(200);
        Answer again = put("/api/v1/admin/namespaces/" + namespace + "/grants/alice/reviewer", "");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.position()).isEqualTo(granted.position());
        problem(put("/api/v1/admin/namespaces/" + namespace + "/grants/alice/owner", ""), 400, "invalid_role");

        // a namespace admin manages their own namespace only
        String nsAdmin = userWith(namespace, "admin");
        assertThat(as(nsAdmin).put("/api/v1/admin/namespaces/" + namespace + "/members/bob", "").status()).isEqualTo(200);
        problem(as(nsAdmin).put("/api/v1/admin/namespaces/default/members/bob", ""), 403, "forbidden");
        problem(as(nsAdmin).post("/api/v1/admin/users", "{\"username\":\"x\"}"), 403, "forbidden");
        problem(as(nsAdmin).put("/api/v1/admin/grants/bob/admin", ""), 403, "forbidden");
    }

    @Test
    void promotion_needs_deploy_even_when_the_reviewer_only_archives_a_production_version() {
        String namespace = uniqueName("promo");
        ensureNamespace(namespace);
        String model = registerModel(namespace + ".m");
        assertThat(registerVersion(model, 0.9).status()).isEqualTo(201);
        String reviewer = userWith(namespace, "reviewer");
        String deployer = userWith(namespace, "deployer");
        String transition = "/api/v1/models/" + model + "/versions/1:transition";

        assertThat(as(reviewer).post(transition, "{\"stage\":\"Staging\"}").status()).isEqualTo(200);
        Answer refused = as(reviewer).post(transition, "{\"stage\":\"Production\"}");
        problem(refused, 403, "forbidden");
        assertThat(refused.json().get("permission").asText()).isEqualTo("deploy");
        assertThat(refused.json().get("namespace").asText()).isEqualTo(namespace);
        assertThat(as(deployer).post(transition, "{\"stage\":\"Production\"}").status()).isEqualTo(200);

        Answer archive = as(reviewer).post(transition, "{\"stage\":\"Archived\"}");
        problem(archive, 403, "forbidden");
        assertThat(archive.json().get("permission").asText()).isEqualTo("deploy");
        assertThat(as(deployer).post(transition, "{\"stage\":\"Archived\"}").status()).isEqualTo(200);
    }

    @Test
    void an_upload_session_belongs_to_the_principal_that_started_it() {
        String namespace = uniqueName("up");
        String alice = userWith(namespace, "contributor");
        String bob = userWith(namespace, "contributor");
        Answer started = as(alice).post("/api/v1/artifact-uploads", "{}");
        assertThat(started.status()).isEqualTo(201);
        String session = "/api/v1/artifact-uploads/" + started.json().get("upload_id").asText();
        assertThat(as(alice).get(session).status()).isEqualTo(200);
        problem(as(bob).get(session), 404, "upload_not_found");
        problem(as(bob).delete(session), 404, "upload_not_found");
        problem(as(bob).send(HttpRequest.newBuilder(uri(session + "/parts/1"))
                .PUT(HttpRequest.BodyPublishers.ofString("bytes"))), 404, "upload_not_found");
        assertThat(as(alice).delete(session).status()).isEqualTo(204);
    }
}
