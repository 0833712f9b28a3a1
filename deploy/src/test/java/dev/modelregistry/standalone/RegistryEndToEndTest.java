package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * What a user does with curl, end to end through the real services: upload files, register,
 * version, promote, alias, update, delete; each change read back with min_position, found in search,
 * listed in the audit, and seen on Kafka as a CloudEvent.
 */
class RegistryEndToEndTest extends RegistryIntegrationTest {

    @Test
    void everyChangeIsReadableSearchableAuditedAndPublished() {
        String model = registerModel(uniqueName("e2e"));

        Answer v1 = registerVersion(model, 0.91);
        assertThat(v1.status()).as(v1.toString()).isEqualTo(201);
        assertThat(v1.json().get("version").asInt()).isEqualTo(1);
        assertThat(v1.json().get("id").asText()).isEqualTo(model + "@1");
        assertThat(v1.json().get("stage").asText()).isEqualTo("None");
        assertThat(v1.json().get("lineage_hash").asText()).hasSize(64);
        Answer v2 = registerVersion(model, 0.95);
        assertThat(v2.json().get("version").asInt()).isEqualTo(2);
        // same code, features, data window and params: same lineage hash
        assertThat(v2.json().get("lineage_hash").asText()).isEqualTo(v1.json().get("lineage_hash").asText());

        transition(model, 1, "Staging", false);
        transition(model, 1, "Production", false);
        transition(model, 2, "Staging", false);
        Answer refused = post(transitionPath(model, 2), "{\"stage\":\"Production\",\"archive_existing\":false}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        long promoted = transition(model, 2, "Production", true);

        JsonNode archived = getAt("/api/v1/models/" + model + "/versions/1", promoted).json();
        assertThat(archived.get("stage").asText()).isEqualTo("Archived");
        JsonNode production = getAt("/api/v1/models/" + model + "/versions?stage=Production", promoted).json();
        assertThat(production.get("items")).hasSize(1);
        assertThat(production.get("items").get(0).get("version").asInt()).isEqualTo(2);
        assertThat(production.get("items").get(0).get("metrics").get("accuracy").asDouble()).isEqualTo(0.95);
        assertThat(production.get("items").get(0).get("lineage").get("datasets").get(0).get("sha256").asText())
                .isEqualTo(DIGEST_B);

        Answer champion = put("/api/v1/models/" + model + "/aliases/champion", "{\"version\":2}");
        assertThat(champion.status()).as(champion.toString()).isBetween(200, 204);
        Answer challenger = put("/api/v1/models/" + model + "/aliases/challenger", "{\"version\":1}");
        assertThat(challenger.status()).isBetween(200, 204);
        Answer updated = patch("/api/v1/models/" + model, "{\"description\":\"card fraud, v2\",\"reason\":\"clarify\"}");
        assertThat(updated.status()).as(updated.toString()).isBetween(200, 204);

        Answer aliasAnswer = getAt("/api/v1/models/" + model + "/aliases/champion", challenger.position());
        assertThat(aliasAnswer.json().get("version").asInt()).isEqualTo(2);
        assertThat(aliasAnswer.json().get("aliases").toString()).contains("champion");
        JsonNode described = getAt("/api/v1/models/" + model, updated.position()).json();
        assertThat(described.get("description").asText()).isEqualTo("card fraud, v2");
        assertThat(described.get("latest_version").asInt()).isEqualTo(2);

        // deleting version 1 removes the alias that pointed at it
        Answer deleted = delete("/api/v1/models/" + model + "/versions/1");
        assertThat(deleted.status()).as(deleted.toString()).isBetween(200, 204);
        Answer gone = getAt("/api/v1/models/" + model + "/versions/1", deleted.position());
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().get("code").asText()).isEqualTo("version_deleted");
        assertThat(get("/api/v1/models/" + model + "/aliases/challenger").status()).isEqualTo(404);

        Answer v3 = registerVersion(model, 0.97);
        JsonNode compare = getAt("/api/v1/models/" + model + "/versions:compare?versions=2,3", v3.position()).json();
        JsonNode accuracy = StreamSupport.stream(compare.get("metrics").get("rows").spliterator(), false)
                .filter(row -> row.get("key").asText().equals("accuracy")).findFirst().orElseThrow();
        assertThat(accuracy.get("values").get(1).asDouble()).isEqualTo(0.97);
        assertThat(accuracy.get("absolute_differences").get(1).asDouble()).isCloseTo(0.02, org.assertj.core.data.Offset.offset(1e-9));

        String filter = URLEncoder.encode("model = '" + model + "' AND metrics.accuracy >= 0.9 AND stage = 'Production'",
                StandardCharsets.UTF_8);
        JsonNode hits = getAt("/api/v1/search/versions?filter=" + filter, deleted.position()).json();
        assertThat(hits.get("total_hits").asLong()).isEqualTo(1);
        assertThat(hits.get("items").get(0).get("id").asText()).isEqualTo(model + "@2");
        assertThat(hits.get("items").get(0).get("aliases").toString()).contains("champion");
        JsonNode byText = getAt("/api/v1/search/versions?q=" + model + "&order_by="
                + URLEncoder.encode("metrics.accuracy DESC", StandardCharsets.UTF_8), v3.position()).json();
        assertThat(byText.get("items").get(0).get("id").asText()).isEqualTo(model + "@3");
        assertThat(byText.get("items")).extracting(item -> item.get("id").asText()).doesNotContain(model + "@1");

        JsonNode audit = getAt("/api/v1/audit?model=" + model + "&page_size=100", v3.position()).json();
        List<String> types = StreamSupport.stream(audit.get("items").spliterator(), false)
                .map(item -> item.get("type").asText()).toList();
        assertThat(types).containsExactly(
                "dev.modelregistry.model.registered",
                "dev.modelregistry.version.registered",
                "dev.modelregistry.version.registered",
                "dev.modelregistry.version.stage-transitioned",
                "dev.modelregistry.version.stage-transitioned",
                "dev.modelregistry.version.stage-transitioned",
                "dev.modelregistry.version.stage-transitioned",
                "dev.modelregistry.version.stage-transitioned",
                "dev.modelregistry.alias.assigned",
                "dev.modelregistry.alias.assigned",
                "dev.modelregistry.model.updated",
                "dev.modelregistry.alias.removed",
                "dev.modelregistry.version.deleted",
                "dev.modelregistry.version.registered");
        assertThat(audit.get("items")).allSatisfy(item -> assertThat(item.get("actor").asText()).isEqualTo(ADMIN));
        JsonNode update = audit.get("items").get(10);
        assertThat(update.get("reason").asText()).isEqualTo("clarify");
        assertThat(update.get("before").toString()).contains("test model");
        assertThat(update.get("after").toString()).contains("card fraud, v2");

        List<KafkaTopic.Event> published = KafkaTopic.readUntil(SERVICES.endpoints().kafkaBootstrapServers(),
                event -> model.equals(event.key()), events -> events.size() >= types.size(), Duration.ofSeconds(30));
        assertThat(published).extracting(event -> event.header("ce_type")).containsExactlyElementsOf(types);
        assertThat(published).allSatisfy(event -> {
            assertThat(event.header("ce_specversion")).isEqualTo("1.0");
            assertThat(event.header("ce_id")).isNotBlank();
            assertThat(event.header("ce_source")).isEqualTo("/model-registry");
            assertThat(event.header("ce_subject")).isEqualTo(model);
            assertThat(event.header("ce_time")).isNotBlank();
            assertThat(event.header("ce_actor")).isEqualTo(ADMIN);
            assertThat(event.header("ce_correlationid")).isNotBlank();
            assertThat(Long.parseLong(event.header("ce_position"))).isPositive();
        });
        assertThat(published).extracting(event -> Long.parseLong(event.header("ce_position"))).isSorted();
        assertThat(published.getLast().header("ce_position")).isEqualTo(Long.toString(v3.position()));
        assertThat(published.getFirst().body()).contains("\"owner_team\":\"risk\"");

        // a model with a version in Production cannot be deleted; once archived it can, and then nothing changes it
        assertThat(delete("/api/v1/models/" + model).status()).isEqualTo(409);
        transition(model, 2, "Archived", false);
        Answer modelDeleted = delete("/api/v1/models/" + model);
        assertThat(modelDeleted.status()).as(modelDeleted.toString()).isBetween(200, 204);
        assertThat(getAt("/api/v1/models/" + model, modelDeleted.position()).json().get("code").asText())
                .isEqualTo("model_deleted");
        Answer afterDelete = registerVersion(model, 0.99);
        assertThat(afterDelete.status()).isEqualTo(409);
        assertThat(afterDelete.contentType()).startsWith("application/problem+json");
        JsonNode searchAfterDelete = getAt("/api/v1/search/versions?filter="
                + URLEncoder.encode("model = '" + model + "'", StandardCharsets.UTF_8), modelDeleted.position()).json();
        assertThat(searchAfterDelete.get("total_hits").asLong()).isZero();
    }

    @Test
    void aVersionIsAManifestOfUploadedFilesAndTheManifestIsContentAddressed() throws Exception {
        String model = registerModel(uniqueName("manifest"));
        byte[] weights = "weights of a tiny model".getBytes(StandardCharsets.UTF_8);
        byte[] conda = "dependencies: [python=3.12, scikit-learn=1.5]\n".getBytes(StandardCharsets.UTF_8);
        byte[] card = "# Model card\n".getBytes(StandardCharsets.UTF_8);
        String weightsDigest = uploadArtifactBytes(weights);
        String condaDigest = uploadArtifactBytes(conda);
        String cardDigest = uploadArtifactBytes(card);
        assertThat(weightsDigest).isEqualTo(sha256(weights));

        Answer registered = post("/api/v1/models/" + model + "/versions", """
                {"artifact":{"uri":"s3://training/run-7/"},
                 "files":[{"path":"model/weights.bin","sha256":"%s","size":%d},
                          {"path":"conda.yaml","sha256":"%s"},
                          {"path":"README.md","sha256":"%s","size":%d}],
                 "framework":"sklearn","reason":"first manifest"}""".formatted(weightsDigest, weights.length,
                condaDigest, cardDigest, card.length));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        JsonNode answer = registered.json();
        String manifestDigest = answer.at("/artifact/sha256").asText();
        assertThat(manifestDigest).matches("[0-9a-f]{64}").isNotIn(weightsDigest, condaDigest, cardDigest);
        assertThat(answer.at("/artifact/uri").asText()).isEqualTo("s3://training/run-7/");
        // sorted by path, sizes as the store holds them (also where the client gave none)
        assertThat(answer.get("files").toString()).isEqualTo(JSON.readTree("""
                [{"path":"README.md","sha256":"%s","size":%d},
                 {"path":"conda.yaml","sha256":"%s","size":%d},
                 {"path":"model/weights.bin","sha256":"%s","size":%d}]""".formatted(cardDigest, card.length,
                condaDigest, conda.length, weightsDigest, weights.length)).toString());

        // the event says the same, at schema version 2
        List<KafkaTopic.Event> published = KafkaTopic.readUntil(SERVICES.endpoints().kafkaBootstrapServers(),
                event -> model.equals(event.key()), events -> events.size() >= 2, Duration.ofSeconds(30));
        KafkaTopic.Event event = published.get(1);
        assertThat(event.header("ce_type")).isEqualTo("dev.modelregistry.version.registered");
        assertThat(event.header("ce_schemaversion")).isEqualTo("2");
        JsonNode body = JSON.readTree(event.body());
        assertThat(body.get("artifact")).isEqualTo(answer.get("artifact"));
        assertThat(body.get("files")).isEqualTo(answer.get("files"));

        // the manifest is a blob of the store like any other: a version can reference it
        Answer same = post("/api/v1/models/" + model + "/versions", """
                {"files":[{"path":"conda.yaml","sha256":"%s"},{"path":"README.md","sha256":"%s"},
                          {"path":"model/weights.bin","sha256":"%s"}]}""".formatted(condaDigest, cardDigest,
                weightsDigest));
        assertThat(same.status()).as(same.toString()).isEqualTo(201);
        assertThat(same.json().at("/artifact/sha256").asText()).as("same files, same manifest")
                .isEqualTo(manifestDigest);
        assertThat(same.json().at("/artifact/uri").isNull()).isTrue();
        Answer ofManifest = post("/api/v1/models/" + model + "/versions",
                "{\"files\":[{\"path\":\"manifest.json\",\"sha256\":\"" + manifestDigest + "\"}]}");
        assertThat(ofManifest.status()).as(ofManifest.toString()).isEqualTo(201);
        assertThat(ofManifest.json().at("/files/0/size").asLong()).isPositive();
    }

    @Test
    void anArtifactDigestAloneIsOneFileNamedModel() {
        String model = registerModel(uniqueName("one-file"));
        Answer registered = registerVersion(model, 0.9);
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        JsonNode answer = registered.json();
        assertThat(answer.at("/artifact/uri").asText()).isEqualTo("file:///models/" + model + "/model.onnx");
        assertThat(answer.at("/artifact/sha256").asText()).as("the manifest's digest, not the file's")
                .matches("[0-9a-f]{64}").isNotEqualTo(DIGEST_A);
        assertThat(answer.get("files")).hasSize(1);
        assertThat(answer.at("/files/0/path").asText()).isEqualTo("model");
        assertThat(answer.at("/files/0/sha256").asText()).isEqualTo(DIGEST_A);
        assertThat(answer.at("/files/0/size").asLong()).isEqualTo(ARTIFACT_A.length);
    }

    @Test
    void commandAnswersCarryTheirPositionAndQueriesReportTheirs() {
        String model = uniqueName("positions");
        Answer created = post("/api/v1/models", "{\"name\":\"" + model + "\",\"owner_team\":\"risk\"}");
        assertThat(created.status()).isEqualTo(201);
        long position = created.position();
        Answer read = getAt("/api/v1/models/" + model, position);
        assertThat(read.status()).isEqualTo(200);
        assertThat(Long.parseLong(read.header("X-Registry-Position"))).isGreaterThanOrEqualTo(position);
        Answer again = post("/api/v1/models", "{\"name\":\"" + model + "\",\"owner_team\":\"risk\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asText()).isNotBlank();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    long transition(String model, int version, String stage, boolean archiveExisting) {
        Answer answer = post(transitionPath(model, version),
                "{\"stage\":\"" + stage + "\",\"archive_existing\":" + archiveExisting + ",\"reason\":\"test\"}");
        assertThat(answer.status()).as(answer.toString()).isBetween(200, 204);
        return answer.position();
    }

    static String transitionPath(String model, int version) {
        return "/api/v1/models/" + model + "/versions/" + version + ":transition";
    }
}
