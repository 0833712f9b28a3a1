package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The tracking commands over HTTP against the real event store: experiments unique by name per namespace,
 * runs recording their experiment's namespace, a batch of 1,000 metrics stored as one event, immutable
 * params (409 naming the key), NaN and infinities accepted and stored as strings, oversized and unknown
 * input refused with problem+json naming the field, nothing logged into a finished run, and a contributor
 * of one namespace refused (403, nothing written) on a run of another; a run's artifacts must be held and
 * are kept from the collector until the run is deleted.
 */
class TrackingCommandTest extends RegistryIntegrationTest {

    private static final long T0 = 1_790_000_000_000L;

    @Test
    void experimentsRunsAndBatchesAreRecordedWithTheirRules() {
        String namespace = ensureNamespace("tc" + UUID.randomUUID().toString().substring(0, 8));
        String name = uniqueName("sweep");

        // experiment: 201 with a 32-hex id; the same name again in the namespace is 409, elsewhere fine
        Answer created = post("/api/v1/experiments", JSON.createObjectNode().put("name", name)
                .put("namespace", namespace).put("description", "depth sweep").toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String experimentId = created.json().get("experiment_id").asText();
        assertThat(experimentId).matches("[0-9a-f]{32}");
        assertThat(created.position()).isPositive();
        assertThat(created.header("Location")).isEqualTo("/api/v1/experiments/" + experimentId);
        assertProblem(post("/api/v1/experiments", JSON.createObjectNode().put("name", name).put("namespace", namespace)
                .toString()), 409, "experiment_exists", "name");
        assertThat(post("/api/v1/experiments", JSON.createObjectNode().put("name", name).toString()).status())
                .isEqualTo(201);

        // run: 201 RUNNING, its event carries the experiment's namespace
        Answer started = post("/api/v1/runs", JSON.createObjectNode().put("experiment_id", experimentId)
                .put("name", "depth-8").put("start_time", T0).put("code_commit", "c0ffee").toString());
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        String runId = started.json().get("run_id").asText();
        assertThat(runId).matches("[0-9a-f]{32}");
        assertThat(started.json().get("status").asText()).isEqualTo("RUNNING");
        assertThat(started.json().get("experiment_id").asText()).isEqualTo(experimentId);
        assertThat(payloads(runId)).singleElement().asString().contains("\"namespace\":\"" + namespace + "\"");

        // 1,000 metrics (with NaN and both infinities) and params in one request: one event
        ArrayNode metrics = JSON.createArrayNode();
        for (int step = 0; step < 997; step++) {
            metrics.addObject().put("key", "loss").put("value", 1.0 / (step + 1)).put("step", step)
                    .put("timestamp", T0 + step);
        }
        metrics.addObject().put("key", "loss").put("value", "NaN").put("step", 997).put("timestamp", T0 + 997);
        metrics.addObject().put("key", "grad").put("value", "Infinity").put("step", 0)
                .put("timestamp", "2026-11-01T10:00:00Z");
        metrics.addObject().put("key", "grad").put("value", "-Infinity").put("step", 1);
        ObjectNode batch = JSON.createObjectNode();
        batch.set("metrics", metrics);
        batch.putArray("params").addObject().put("key", "max_depth").put("value", "8");
        batch.putArray("tags").addObject().put("key", "phase").put("value", "train");
        batch.putArray("inputs").addObject().put("name", "train").put("sha256", "d".repeat(64))
                .put("source", "s3://data/train").put("context", "training");
        Answer logged = post("/api/v1/runs/" + runId + ":log-batch", batch.toString());
        assertThat(logged.status()).as(logged.toString()).isEqualTo(200);
        assertThat(logged.position()).isGreaterThan(started.position());
        List<String> events = payloads(runId);
        assertThat(events).hasSize(2);
        JsonNode dataLogged = parse(events.get(1));
        assertThat(dataLogged.get("metrics")).hasSize(1000);
        assertThat(events.get(1)).contains("\"value\":\"NaN\"", "\"value\":\"Infinity\"", "\"value\":\"-Infinity\"");
        assertThat(types(runId)).containsExactly("dev.modelregistry.run.started",
                "dev.modelregistry.run.data-logged");

        // a param is immutable: another value is 409 naming the key, the same value is fine
        Answer conflict = post("/api/v1/runs/" + runId + ":log-batch",
                "{\"params\":[{\"key\":\"lr\",\"value\":\"0.1\"},{\"key\":\"max_depth\",\"value\":\"9\"}]}");
        assertProblem(conflict, 409, "param_conflict", "params[1].value");
        assertThat(conflict.json().get("key").asText()).isEqualTo("max_depth");
        assertThat(post("/api/v1/runs/" + runId + ":log-batch",
                "{\"params\":[{\"key\":\"max_depth\",\"value\":\"8\"}]}").status()).isEqualTo(200);
        assertThat(payloads(runId)).as("the conflict wrote nothing, the repeat nothing new").hasSize(2);

        // finish, then nothing more is logged
        Answer finished = post("/api/v1/runs/" + runId + ":finish", "{\"status\":\"FINISHED\",\"end_time\":"
                + (T0 + 60_000) + "}");
        assertThat(finished.status()).as(finished.toString()).isEqualTo(200);
        assertProblem(post("/api/v1/runs/" + runId + ":log-batch", "{\"metrics\":[{\"key\":\"loss\",\"value\":0.1}]}"),
                409, "run_not_active", "run_id");
        Answer finishedAgain = post("/api/v1/runs/" + runId + ":finish", "{\"status\":\"FAILED\"}");
        assertProblem(finishedAgain, 409, "run_not_active", "run_id");
        assertThat(finishedAgain.json().get("run_status").asText()).isEqualTo("FINISHED");
        assertThat(payloads(runId)).hasSize(3);
    }

    @Test
    void hostileBatchesAreRefusedWithTheFieldAtFaultAndNothingWritten() {
        String runId = newRun(ensureNamespace("default"));
        long before = lastEventPosition();

        // 10,000 keys: refused by their count, quickly, naming the limit
        StringBuilder huge = new StringBuilder("{\"metrics\":[");
        for (int i = 0; i < 10_000; i++) {
            huge.append(i == 0 ? "" : ",").append("{\"key\":\"k").append(i).append("\",\"value\":1}");
        }
        long start = System.nanoTime();
        Answer tooLarge = post("/api/v1/runs/" + runId + ":log-batch", huge.append("]}").toString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertProblem(tooLarge, 400, "batch_too_large", "metrics");
        assertThat(tooLarge.json().get("limit").asInt()).isEqualTo(1000);
        assertThat(millis).as("refused quickly").isLessThan(5_000);

        // 101 params, a param value over 6,000 characters, an unknown field, a bad value, a bad key
        StringBuilder params = new StringBuilder("{\"params\":[");
        for (int i = 0; i < 101; i++) {
            params.append(i == 0 ? "" : ",").append("{\"key\":\"p").append(i).append("\",\"value\":\"1\"}");
        }
        Answer tooManyParams = post("/api/v1/runs/" + runId + ":log-batch", params.append("]}").toString());
        assertProblem(tooManyParams, 400, "batch_too_large", "params");
        assertThat(tooManyParams.json().get("limit").asInt()).isEqualTo(100);
        assertProblem(post("/api/v1/runs/" + runId + ":log-batch", "{\"params\":[{\"key\":\"blob\",\"value\":\""
                + "x".repeat(6001) + "\"}]}"), 400, "param_value_too_long", "params[0].value");
        assertProblem(post("/api/v1/runs/" + runId + ":log-batch", "{\"metrics\":[],\"metricz\":[]}"),
                400, "unknown_field", "metricz");
        assertProblem(post("/api/v1/runs/" + runId + ":log-batch", "{\"metrics\":[{\"key\":\"loss\",\"value\":\"nan\"}]}"),
                400, "not_a_number", "metrics[0].value");
        assertProblem(post("/api/v1/runs/" + runId + ":log-batch",
                "{\"metrics\":[{\"key\":\"loss'; drop table x; --\",\"value\":1}]}"), 400, "invalid_key", "metrics[0].key");
        assertProblem(post("/api/v1/runs/not-an-id:log-batch", "{}"), 400, "invalid_id", "run_id");
        assertProblem(post("/api/v1/runs/" + "0".repeat(32) + ":log-batch", "{}"), 404, "run_not_found", "run_id");
        assertProblem(post("/api/v1/runs", "{\"experiment_id\":\"" + "0".repeat(32) + "\"}"), 404, "experiment_not_found",
                "experiment_id");
        assertThat(lastEventPosition()).as("nothing was written").isEqualTo(before);
    }

    @Test
    void aContributorOfOneNamespaceCannotTouchTheRunsOfAnother() {
        String namespaceA = ensureNamespace("ta" + UUID.randomUUID().toString().substring(0, 8));
        String namespaceB = ensureNamespace("tb" + UUID.randomUUID().toString().substring(0, 8));
        String runB = newRun(namespaceB);
        String contributorOfA = userWith(namespaceA, "contributor");
        int eventsBefore = payloads(runB).size();

        Answer refused = as(contributorOfA).post("/api/v1/runs/" + runB + ":log-batch",
                "{\"metrics\":[{\"key\":\"loss\",\"value\":0.1}]}");
        assertProblem(refused, 403, "forbidden", null);
        assertProblem(as(contributorOfA).post("/api/v1/runs/" + runB + ":finish", "{\"status\":\"KILLED\"}"),
                403, "forbidden", null);
        assertProblem(as(contributorOfA).post("/api/v1/runs", "{\"experiment_id\":\"" + experimentOf(runB) + "\"}"),
                403, "forbidden", null);
        assertProblem(as(contributorOfA).post("/api/v1/experiments", JSON.createObjectNode().put("name", "x")
                .put("namespace", namespaceB).toString()), 403, "forbidden", null);
        assertThat(payloads(runB)).as("nothing written").hasSize(eventsBefore);

        // in its own namespace the contributor logs, but deleting needs admin
        String runA = newRun(namespaceA);
        assertThat(as(contributorOfA).post("/api/v1/runs/" + runA + ":log-batch",
                "{\"metrics\":[{\"key\":\"loss\",\"value\":0.1}]}").status()).isEqualTo(200);
        assertProblem(as(contributorOfA).delete("/api/v1/runs/" + runA), 403, "forbidden", null);
        Answer deleted = delete("/api/v1/runs/" + runA);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertThat(deleted.position()).isPositive();
        assertProblem(as(contributorOfA).post("/api/v1/runs/" + runA + ":log-batch",
                "{\"metrics\":[{\"key\":\"loss\",\"value\":0.2}]}"), 409, "run_not_active", "run_id");
    }

    @Test
    void concurrentCreationsOfOneNameHaveExactlyOneWinner() throws Exception {
        String namespace = ensureNamespace("tr" + UUID.randomUUID().toString().substring(0, 8));
        String body = JSON.createObjectNode().put("name", uniqueName("race")).put("namespace", namespace).toString();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Answer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> post("/api/v1/experiments", body)));
            }
            List<Integer> statuses = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Answer> answer : answers) {
                Answer done = answer.get();
                statuses.add(done.status());
                if (done.status() == 409) {
                    assertProblem(done, 409, "experiment_exists", "name");
                }
            }
            assertThat(statuses).containsOnly(201, 409).filteredOn(status -> status == 201).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(value("select count(*) from event_store.tracking_experiment where namespace = ?", namespace))
                .isEqualTo(1L);
    }

    @Test
    void experimentsUpdateAndDeleteAndADeletedOneTakesNoRun() {
        String namespace = ensureNamespace("te" + UUID.randomUUID().toString().substring(0, 8));
        String name = uniqueName("exp");
        String experimentId = post("/api/v1/experiments", JSON.createObjectNode().put("name", name)
                .put("namespace", namespace).toString()).json().get("experiment_id").asText();
        Answer updated = patch("/api/v1/experiments/" + experimentId,
                "{\"description\":\"now described\",\"tags\":{\"team\":\"risk\"}}");
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("description").asText()).isEqualTo("now described");
        assertThat(updated.json().at("/tags/team").asText()).isEqualTo("risk");
        assertProblem(patch("/api/v1/experiments/" + experimentId, "{\"owner\":\"x\"}"), 400, "unknown_field", "owner");

        assertThat(delete("/api/v1/experiments/" + experimentId).status()).isEqualTo(204);
        assertProblem(post("/api/v1/runs", "{\"experiment_id\":\"" + experimentId + "\"}"), 409, "experiment_deleted",
                "experiment_id");
        // the name is free again once the experiment is deleted
        assertThat(post("/api/v1/experiments", JSON.createObjectNode().put("name", name).put("namespace", namespace)
                .toString()).status()).isEqualTo(201);
    }

    @Test
    void aRunLogsOnlyArtifactsTheStoreHolds() {
        String runId = newRun(ensureNamespace("default"));
        String held = uploadArtifactBytes(("run artifact " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        Answer logged = post("/api/v1/runs/" + runId + ":log-artifacts",
                "{\"files\":[{\"path\":\"plots/loss.png\",\"sha256\":\"" + held + "\"}]}");
        assertThat(logged.status()).as(logged.toString()).isEqualTo(200);
        assertThat(payloads(runId).getLast()).contains("\"path\":\"plots/loss.png\"", held);
        // the run keeps its blob from the collector until the run is deleted
        assertThat(collectedNow()).doesNotContain(held);
        assertThat(delete("/api/v1/runs/" + runId).status()).isEqualTo(204);
        assertThat(collectedNow()).contains(held);

        String other = newRun(ensureNamespace("default"));
        assertProblem(post("/api/v1/runs/" + other + ":log-artifacts",
                "{\"files\":[{\"path\":\"model.pkl\",\"sha256\":\"" + "e".repeat(64) + "\"}]}"),
                422, "artifact_not_found", "files[0].sha256");
        assertProblem(post("/api/v1/runs/" + other + ":log-artifacts",
                "{\"files\":[{\"path\":\"../etc/passwd\",\"sha256\":\"" + held + "\"}]}"),
                400, "invalid_path", "files[0].path");
    }

    // ---------------------------------------------------------------------------------------------

    /** Collects with no grace period (as ArtifactCollectionTest does): the digests deleted. */
    private List<String> collectedNow() {
        Answer collection = post("/api/v1/admin/artifacts:collect?grace_period=PT0S", "{}");
        assertThat(collection.status()).as(collection.toString()).isEqualTo(200);
        List<String> deleted = new java.util.ArrayList<>();
        collection.json().get("deleted").forEach(entry -> deleted.add(entry.get("sha256").asText()));
        return deleted;
    }

    private String newRun(String namespace) {
        Answer run = post("/api/v1/runs", "{\"experiment_id\":\"" + experimentIn(namespace, "e") + "\"}");
        assertThat(run.status()).as(run.toString()).isEqualTo(201);
        return run.json().get("run_id").asText();
    }

    private static String experimentOf(String runId) {
        return parse(payloads(runId).getFirst()).get("experiment_id").asText();
    }

    /** The run's events in the event store, oldest first, as JSON text. */
    private static List<String> payloads(String runId) {
        return rows("select payload from event_store.domain_event_entry where aggregate_identifier = ? "
                + "order by sequence_number", "run:" + runId).stream()
                .map(row -> new String((byte[]) row.get("payload"), StandardCharsets.UTF_8)).toList();
    }

    private static List<String> types(String runId) {
        return rows("select payload_type from event_store.domain_event_entry where aggregate_identifier = ? "
                + "order by sequence_number", "run:" + runId).stream()
                .map(row -> (String) row.get("payload_type")).toList();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
    }
}
