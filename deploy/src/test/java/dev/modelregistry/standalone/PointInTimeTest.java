package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * {@code as_of} over HTTP: a model's life (register, promote, alias, update, re-promote, archive, delete) through
 * the command API, then every read asked about the instants in between answers exactly what was true
 * then, from the validity-interval tables; {@code GET /api/v1/production?as_of=} lists what was in
 * Production and under which aliases.
 */
class PointInTimeTest extends RegistryIntegrationTest {

    @Test
    void everyReadAnswersAsTheRegistryStoodAtTheTimeAskedAbout() throws Exception {
        String model = uniqueName("pit");
        Instant beforeRegistration = instantBetweenCommands();
        registerModel(model);
        succeeded(registerVersion(model, 0.90));
        Instant registered = instantBetweenCommands();
        succeeded(post("/api/v1/models/" + model + "/versions/1:transition", "{\"stage\":\"Staging\"}"));
        succeeded(post("/api/v1/models/" + model + "/versions/1:transition", "{\"stage\":\"Production\"}"));
        Instant v1InProduction = instantBetweenCommands();
        succeeded(put("/api/v1/models/" + model + "/aliases/champion", "{\"version\":1}"));
        Instant championOnV1 = instantBetweenCommands();
        succeeded(patch("/api/v1/models/" + model, "{\"description\":\"second description\",\"tags\":{\"team\":\"cards\"}}"));
        Instant updated = instantBetweenCommands();
        succeeded(registerVersion(model, 0.95));
        succeeded(post("/api/v1/models/" + model + "/versions/2:transition", "{\"stage\":\"Staging\"}"));
        succeeded(post("/api/v1/models/" + model + "/versions/2:transition",
                "{\"stage\":\"Production\",\"archive_existing\":true}"));
        Instant v2InProduction = instantBetweenCommands();
        succeeded(put("/api/v1/models/" + model + "/aliases/champion", "{\"version\":2}"));
        Instant championOnV2 = instantBetweenCommands();
        succeeded(delete("/api/v1/models/" + model + "/versions/1"));
        Instant v1Deleted = instantBetweenCommands();
        succeeded(post("/api/v1/models/" + model + "/versions/2:transition", "{\"stage\":\"Archived\"}"));
        long last = succeeded(delete("/api/v1/models/" + model)).position();
        awaitProjected(last);

        // before it existed: like an unknown model
        Answer before = get("/api/v1/models/" + model + "?as_of=" + at(beforeRegistration));
        assertProblem(before, 404, "model_not_found", "name");

        JsonNode first = json("/api/v1/models/" + model + "?as_of=" + at(registered));
        assertThat(first.get("description").asText()).isEqualTo("test model");
        assertThat(first.get("latest_version").asInt()).isEqualTo(1);
        assertThat(first.has("deleted_at")).isFalse();
        JsonNode versions = json("/api/v1/models/" + model + "/versions?as_of=" + at(registered));
        assertThat(versions.get("items")).hasSize(1);
        assertThat(versions.at("/items/0/stage").asText()).isEqualTo("None");
        assertProblem(get("/api/v1/models/" + model + "/versions/2?as_of=" + at(registered)), 404,
                "version_not_found", "version");

        assertThat(json("/api/v1/models/" + model + "/versions/1?as_of=" + at(v1InProduction)).get("stage").asText())
                .isEqualTo("Production");
        assertThat(production(model, v1InProduction)).containsExactly(model + "@1 []");
        assertProblem(get("/api/v1/models/" + model + "/aliases/champion?as_of=" + at(v1InProduction)), 404,
                "alias_not_found", "alias");

        assertThat(production(model, championOnV1)).containsExactly(model + "@1 [champion]");
        assertThat(json("/api/v1/models/" + model + "/aliases/champion?as_of=" + at(championOnV1)).get("version").asInt())
                .isEqualTo(1);
        assertThat(json("/api/v1/models/" + model + "?as_of=" + at(championOnV1)).get("description").asText())
                .isEqualTo("test model");

        JsonNode afterUpdate = json("/api/v1/models/" + model + "?as_of=" + at(updated));
        assertThat(afterUpdate.get("description").asText()).isEqualTo("second description");
        assertThat(afterUpdate.at("/tags/team").asText()).isEqualTo("cards");

        assertThat(json("/api/v1/models/" + model + "/versions/1?as_of=" + at(v2InProduction)).get("stage").asText())
                .isEqualTo("Archived");
        assertThat(production(model, v2InProduction)).containsExactly(model + "@2 []");
        JsonNode productionVersions = json("/api/v1/models/" + model + "/versions?stage=Production&as_of="
                + at(v2InProduction));
        assertThat(productionVersions.get("items")).extracting(v -> v.get("version").asInt()).containsExactly(2);
        // version 1 kept the alias until it moved
        assertThat(json("/api/v1/models/" + model + "/versions/1?as_of=" + at(v2InProduction)).get("aliases").toString())
                .contains("champion");

        assertThat(production(model, championOnV2)).containsExactly(model + "@2 [champion]");
        JsonNode aliases = json("/api/v1/models/" + model + "/aliases?as_of=" + at(championOnV2));
        assertThat(aliases.get("items")).extracting(a -> a.get("alias").asText() + "->" + a.get("version").asInt())
                .containsExactly("champion->2");
        JsonNode compared = json("/api/v1/models/" + model + "/versions:compare?versions=1,2&as_of=" + at(championOnV2));
        assertThat(compared.toString()).contains("0.9", "0.95");

        assertProblem(get("/api/v1/models/" + model + "/versions/1?as_of=" + at(v1Deleted)), 404, "version_deleted",
                "version");
        JsonNode tombstone = json("/api/v1/models/" + model + "/versions/1?include_deleted=true&as_of=" + at(v1Deleted));
        assertThat(tombstone.get("stage").asText()).isEqualTo("Archived");
        assertThat(tombstone.has("deleted_at")).isTrue();
        assertThat(json("/api/v1/models/" + model + "/versions?as_of=" + at(v1Deleted)).get("items"))
                .extracting(v -> v.get("version").asInt()).containsExactly(2);
        assertThat(json("/api/v1/models/" + model + "/versions/2/artifacts?as_of=" + at(v1Deleted)).get("items"))
                .isNotEmpty();
        assertProblem(get("/api/v1/models/" + model + "/versions/2/artifacts?as_of=" + at(registered)), 404,
                "version_not_found", "version");

        // deleted now, but not at the times asked about above; models listing as of then holds it
        assertProblem(get("/api/v1/models/" + model), 404, "model_deleted", "name");
        assertThat(production(model, Instant.now())).isEmpty();
        assertThat(listedModels(updated)).contains(model);
        assertThat(listedModels(beforeRegistration)).doesNotContain(model);
    }

    @Test
    void asOfThatIsNoTimeOrInTheFutureIsRefused() {
        for (String path : List.of("/api/v1/models?as_of=last-tuesday", "/api/v1/production?as_of=2026-13-45T00:00:00Z",
                "/api/v1/models/x/versions?as_of=" + at(Instant.now().plusSeconds(3600)), "/api/v1/auth/me?as_of=soon")) {
            assertProblem(get(path), 400, "invalid_as_of", "as_of");
        }
    }

    private List<String> production(String model, Instant at) {
        JsonNode page = json("/api/v1/production?page_size=1000&as_of=" + at(at));
        return StreamSupport.stream(page.get("items").spliterator(), false)
                .filter(item -> item.get("model").asText().equals(model))
                .map(item -> item.get("id").asText() + " " + item.get("aliases").toString()
                        .replace("\"", "").replace(",", ", "))
                .toList();
    }

    private List<String> listedModels(Instant at) {
        return StreamSupport.stream(json("/api/v1/models?page_size=1000&as_of=" + at(at)).get("items").spliterator(),
                false).map(item -> item.get("name").asText()).toList();
    }

    private JsonNode json(String path) {
        Answer answer = get(path);
        assertThat(answer.status()).as(path + " -> " + answer).isEqualTo(200);
        return answer.json();
    }

    /** A time strictly between the previous command's events and the next one's (one clock: this JVM's). */
    private static Instant instantBetweenCommands() throws InterruptedException {
        Thread.sleep(5);
        Instant now = Instant.now();
        Thread.sleep(5);
        return now;
    }

    private static String at(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }
}
