package dev.modelregistry.access;

import static dev.modelregistry.access.HttpTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.access.HttpTestSupport.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Long-lived API tokens ({@code mrt_...}) go to the service's ApiTokenVerifier. */
@SpringBootTest(classes = AccessTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiTokenAuthenticationTest {

    @LocalServerPort
    int port;

    @Test
    void knownApiTokenAuthenticatesItsOwner() {
        Answer answer = send(port, "GET", "/api/v1/auth/me", AccessTestApplication.API_TOKEN);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode me = answer.json();
        assertThat(me.get("principal").asString()).isEqualTo("ci-bot");
        assertThat(me.get("method").asString()).isEqualTo("API_TOKEN");
        assertThat(me.get("token_id").asString()).isEqualTo("tok1");
    }

    @Test
    void unknownApiTokenIsAnInvalidToken() {
        send(port, "GET", "/api/v1/auth/me", "mrt_tok1_wrongSecret").problem(401, "invalid_token");
    }

    @Test
    void credentialStoreThatFailsAnswers503NotA401() {
        Answer answer = send(port, "GET", "/api/v1/auth/me", AccessTestApplication.BROKEN_STORE_TOKEN);

        answer.problem(503, "authentication_unavailable");
        assertThat(answer.header("Retry-After")).isEqualTo("1");
    }
}
