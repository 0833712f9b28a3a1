package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Elasticsearch is only the search read model: while it is down, commands and the PostgreSQL read
 * models carry on, search says it is unavailable, and once it is back the search projection catches
 * up without losing an event.
 */
class ElasticsearchOutageTest extends RegistryIntegrationTest {

    @Test
    void whileElasticsearchIsDownEverythingButSearchWorksAndSearchCatchesUpAfterwards() {
        String model = registerModel(uniqueName("es-outage"));
        Answer registered = registerVersion(model, 0.9);
        String search = "/api/v1/search/versions?filter=" + URLEncoder.encode("model = '" + model + "'",
                StandardCharsets.UTF_8);
        assertThat(getAt(search, registered.position()).json().get("total_hits").asLong()).isEqualTo(1);

        Answer aliased;
        SERVICES.elasticsearch().stop();
        try {
            Answer staged = post("/api/v1/models/" + model + "/versions/1:transition", "{\"stage\":\"Staging\"}");
            assertThat(staged.status()).as(staged.toString()).isEqualTo(200);
            aliased = put("/api/v1/models/" + model + "/aliases/champion", "{\"version\":1}");
            assertThat(aliased.status()).as(aliased.toString()).isEqualTo(200);

            JsonNode version = getAt("/api/v1/models/" + model + "/versions/1", aliased.position()).json();
            assertThat(version.get("stage").asText()).isEqualTo("Staging");
            assertThat(version.get("aliases")).extracting(JsonNode::asText).containsExactly("champion");

            Answer unavailable = get(search);
            assertThat(unavailable.status()).as(unavailable.toString()).isEqualTo(503);
            assertThat(unavailable.contentType()).startsWith("application/problem+json");
            assertThat(unavailable.json().get("code").asText()).isEqualTo("search_unavailable");
            assertThat(unavailable.header("Retry-After")).isNotBlank();
        } finally {
            SERVICES.elasticsearch().start();
        }

        Answer caughtUp = await().atMost(Duration.ofSeconds(90)).until(() -> getAt(search, aliased.position()),
                answer -> answer.status() == 200);
        JsonNode hit = caughtUp.json().get("items").get(0);
        assertThat(hit.get("stage").asText()).isEqualTo("Staging");
        assertThat(hit.get("aliases")).extracting(JsonNode::asText).containsExactly("champion");
    }
}
