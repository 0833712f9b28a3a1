package dev.modelregistry.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.modelregistry.access.SigningKeys;
import dev.modelregistry.command.access.AccessSettings;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * Routing, body reading and validation of the authentication and access administration endpoints in
 * standalone MockMvc: every request here is refused before a service is reached (the services are
 * absent), so nothing can have changed. Sign-in, tokens and the administration against PostgreSQL are
 * tested in deploy ({@code Auth*Test}).
 */
class AccessEndpointsTest {

    private MockMvc mvc;
    private SigningKeys keys;

    @BeforeEach
    void setUp() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        keys = new SigningKeys() {
            @Override
            public RSAKey current() {
                return key;
            }

            @Override
            public JWKSet publicKeys() {
                return new JWKSet(key.toPublicJWK());
            }
        };
        TestAuthorizer caller = TestAuthorizer.globalAdmin("root");
        CommandJson json = new CommandJson(1024 * 1024, 32);
        AccessSettings settings = new AccessSettings(Duration.ofDays(7), 12,
                new AccessSettings.ApiTokens(Duration.ofDays(90), 365, Duration.ofMinutes(1)),
                new AccessSettings.BootstrapAdmin(true, "admin", null), Duration.ofSeconds(1));
        mvc = MockMvcBuilders.standaloneSetup(
                        new AuthController(null, null, null, keys, json, caller.actor(), caller.authorization(), settings),
                        new AccessAdminController(null, null, json, caller.actor()))
                .setControllerAdvice(new CommandProblemHandler()).build();
    }

    private ResultActions postJson(String path, String body) throws Exception {
        return mvc.perform(post(path).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static void problem(ResultActions answer, int status, String code, String field) throws Exception {
        answer.andExpect(status().is(status))
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.type").value("https://modelregistry.dev/problems/" + code));
        if (field != null) {
            answer.andExpect(jsonPath("$.field").value(field));
        }
    }

    @Test
    void login_needs_both_fields_and_refuses_anything_else() throws Exception {
        problem(postJson("/api/v1/auth/login", "{\"username\":\"alice\"}"), 400, "required", "password");
        problem(postJson("/api/v1/auth/login", "{\"username\":\"alice\",\"password\":\"x\",\"role\":\"admin\"}"),
                400, "unknown_field", "role");
        problem(postJson("/api/v1/auth/login", "{\"username\":1,\"password\":\"x\"}"), 400, "invalid_type", "username");
        problem(mvc.perform(post("/api/v1/auth/login").contentType(MediaType.TEXT_PLAIN).content("alice:x")),
                415, "unsupported_media_type", null);
        problem(mvc.perform(post("/api/v1/auth/login")), 400, "body_required", null);
    }

    @Test
    void refresh_needs_its_token() throws Exception {
        problem(postJson("/api/v1/auth/refresh", "{}"), 400, "required", "refresh_token");
        problem(postJson("/api/v1/auth/refresh", "{\"refresh_token\":\"a\",\"username\":\"bob\"}"), 400,
                "unknown_field", "username");
    }

    @Test
    void a_new_password_follows_the_policy() throws Exception {
        problem(postJson("/api/v1/auth/password", "{\"current_password\":\"old-password-1\",\"new_password\":\"short\"}"),
                400, "invalid_password", "new_password");
        problem(postJson("/api/v1/auth/password",
                "{\"current_password\":\"old-password-1\",\"new_password\":\"" + "x".repeat(1025) + "\"}"),
                400, "invalid_password", "new_password");
        problem(postJson("/api/v1/auth/password", "{\"new_password\":\"long-enough-password\"}"),
                400, "required", "current_password");
    }

    @Test
    void api_tokens_need_a_name_and_a_bounded_lifetime() throws Exception {
        problem(postJson("/api/v1/auth/api-tokens", "{}"), 400, "required", "name");
        problem(postJson("/api/v1/auth/api-tokens", "{\"name\":\"ci\",\"expires_in_days\":0}"), 400,
                "invalid_expiry", "expires_in_days");
        problem(postJson("/api/v1/auth/api-tokens", "{\"name\":\"ci\",\"expires_in_days\":366}"), 400,
                "invalid_expiry", "expires_in_days");
        problem(postJson("/api/v1/auth/api-tokens", "{\"name\":\"c\\u0000i\"}"), 400, "control_characters", "name");
        problem(postJson("/api/v1/auth/api-tokens", "{\"name\":\"ci\",\"username\":\"root\"}"), 400,
                "unknown_field", "username");
    }

    @Test
    void the_key_set_holds_only_public_keys() throws Exception {
        String body = mvc.perform(get("/api/v1/auth/jwks"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("application/jwk-set+json"))
                .andExpect(jsonPath("$.keys[0].kid").value("k1"))
                .andExpect(jsonPath("$.keys[0].kty").value("RSA"))
                .andReturn().getResponse().getContentAsString();
        assertThat(body).doesNotContain("\"d\"").doesNotContain("\"p\"").doesNotContain("\"q\"");
    }

    @Test
    void new_users_are_validated_and_mass_assignment_is_refused() throws Exception {
        problem(postJson("/api/v1/admin/users", "{\"username\":\"Alice\"}"), 400, "invalid_name", "username");
        problem(postJson("/api/v1/admin/users", "{\"username\":\"system\"}"), 400, "invalid_name", "username");
        problem(postJson("/api/v1/admin/users", "{\"username\":\"alice\",\"password\":\"short\"}"), 400,
                "invalid_password", "password");
        problem(postJson("/api/v1/admin/users", "{\"username\":\"alice\",\"disabled\":false}"), 400,
                "unknown_field", "disabled");
        problem(postJson("/api/v1/admin/users", "{\"username\":\"alice\",\"actor\":\"mallory\"}"), 400,
                "unknown_field", "actor");
        problem(postJson("/api/v1/admin/users", "{\"username\":\"alice\",\"created_at\":\"2020-01-01T00:00:00Z\"}"),
                400, "unknown_field", "created_at");
        problem(postJson("/api/v1/admin/users", "{\"username\":\"alice\",\"display_name\":\"a\\nb\"}"), 400,
                "control_characters", "display_name");
    }

    @Test
    void user_commands_check_the_username_in_the_path() throws Exception {
        problem(mvc.perform(post("/api/v1/admin/users/Bob:disable")), 400, "invalid_name", "username");
        problem(postJson("/api/v1/admin/users/bob:disable", "{\"reason\":\"x\",\"until\":\"never\"}"), 400,
                "unknown_field", "until");
    }

    @Test
    void namespaces_roles_and_principals_are_validated() throws Exception {
        problem(postJson("/api/v1/admin/namespaces", "{\"namespace\":\"Fraud.Team\"}"), 400, "invalid_name", "namespace");
        problem(postJson("/api/v1/admin/namespaces", "{\"description\":\"x\"}"), 400, "required", "namespace");
        problem(mvc.perform(put("/api/v1/admin/namespaces/fraud/grants/alice/owner")), 400, "invalid_role", "role");
        problem(mvc.perform(put("/api/v1/admin/namespaces/fraud/grants/alice/auditor")), 400, "invalid_role", "role");
        problem(mvc.perform(put("/api/v1/admin/grants/alice/deployer")), 400, "invalid_role", "role");
        problem(mvc.perform(delete("/api/v1/admin/grants/system/admin")), 400, "invalid_name", "principal");
        problem(mvc.perform(put("/api/v1/admin/namespaces/fraud/members/bad name")), 400, "invalid_name", "username");
    }
}
