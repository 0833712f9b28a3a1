package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A model version registered from a finished run of the registry ({@code run_id}, or an {@code artifact.uri}
 * {@code runs:/<run_id>/<path>}): params, each metric's latest value (by step; NaN carried and rendered as
 * "NaN"), the run's datasets (de-duplicated by digest), code commit and framework come from the run's
 * events, the run's artifacts under the URI's path become the version's files, and the run is the
 * version's lineage. A request contradicting the run is 422 run_mismatch naming the field; a RUNNING run
 * is 409; an unknown or deleted run 404; a run the caller may not read 403; nothing is recorded then.
 */
class RunRegistrationTest extends RegistryIntegrationTest {

    private static final long T0 = 1_790_000_000_000L;

    @Test
    void aVersionFromAFinishedRunCopiesItsDataAndIsItsLineage() {
        String namespace = ensureNamespace("rr" + UUID.randomUUID().toString().substring(0, 8));
        String model = registerModel(uniqueName(namespace + ".scorer"));
        String train = digest("train"), validation = digest("validation"), extra = digest("extra");
        String run = finishedRun(namespace, train, validation);

        Answer registered = ok(post("/api/v1/models/" + model + "/versions", """
                {"run_id":"%1$s","artifact":{"uri":"runs:/%1$s/model"},
                 "params":{"max_depth":"8"},"metrics":{"holdout_auc":0.88},
                 "lineage":{"code_commit":"c0ffee","datasets":[{"name":"extra","sha256":"%2$s"},
                                                              {"name":"train again","sha256":"%3$s"}]}}"""
                .formatted(run, extra, train)), 201);
        // the run's artifacts under model/, re-rooted at it
        assertThat(paths(registered.json().get("files"))).containsExactly("conda.yaml", "weights.bin");
        assertThat(registered.json().at("/artifact/uri").asText()).isEqualTo("runs:/" + run + "/model");

        // the event carries what the run recorded
        JsonNode event = versionRegistered(model, 1);
        assertThat(event.get("params").toString()).isEqualTo("{\"lr\":\"0.1\",\"max_depth\":\"8\"}");
        assertThat(event.at("/metrics/accuracy").asDouble()).as("latest by step, not by time").isEqualTo(0.9);
        assertThat(event.at("/metrics/loss").asText()).isEqualTo("NaN");
        assertThat(event.at("/metrics/grad").asText()).isEqualTo("-Infinity");
        assertThat(event.at("/metrics/holdout_auc").asDouble()).isEqualTo(0.88);
        assertThat(event.at("/lineage/run_id").asText()).isEqualTo(run);
        assertThat(event.at("/lineage/code_commit").asText()).isEqualTo("c0ffee");
        assertThat(event.get("framework").asText()).isEqualTo("sklearn");
        assertThat(event.get("framework_version").asText()).isEqualTo("1.5.2");
        assertThat(event.at("/lineage/datasets").toString()).isEqualTo("[{\"name\":\"train\",\"sha256\":\"" + train
                + "\"},{\"name\":\"validation\",\"sha256\":\"" + validation + "\"},{\"name\":\"extra\",\"sha256\":\""
                + extra + "\"}]");

        // the read side renders the version with its run, and the run's downstream lineage shows it
        JsonNode version = ok(getAt("/api/v1/models/" + model + "/versions/1", registered.position()), 200).json();
        assertThat(version.at("/lineage/run_id").asText()).isEqualTo(run);
        assertThat(version.at("/metrics/accuracy").asDouble()).isEqualTo(0.9);
        assertThat(version.at("/metrics/loss").asText()).isEqualTo("NaN");
        assertThat(version.at("/metrics/grad").asText()).isEqualTo("-Infinity");
        assertThat(version.at("/params/lr").asText()).isEqualTo("0.1");
        JsonNode downstream = ok(get("/api/v1/lineage/run:" + run + "?direction=downstream"), 200).json();
        assertThat(ids(downstream.get("nodes"))).contains("version:" + model + "@1");
        assertThat(downstream.get("edges").toString())
                .contains("{\"from\":\"run:" + run + "\",\"to\":\"version:" + model + "@1\",\"type\":\"produced\"}");
        // search: the index holds numbers only, so the non-finite metrics are left out of the version's
        // document (found by the run, never by metrics.loss) while the finite ones are searchable
        String search = "/api/v1/search/versions?filter=";
        JsonNode byRun = ok(getAt(search + encode("run_id = '" + run + "'"), registered.position()), 200).json();
        assertThat(byRun.at("/items/0/id").asText()).isEqualTo(model + "@1");
        assertThat(byRun.at("/items/0/metrics").has("loss")).isFalse();
        assertThat(ok(get(search + encode("run_id = '" + run + "' AND metrics.accuracy >= 0.9")), 200).json()
                .get("total_hits").asLong()).isEqualTo(1);
        assertThat(ok(get(search + encode("run_id = '" + run + "' AND metrics.loss < 1")), 200).json()
                .get("total_hits").asLong()).isZero();
    }

    @Test
    void aRunUriAloneImpliesTheRunAndTakesAllItsArtifactsWithoutAPath() {
        String namespace = ensureNamespace("ru" + UUID.randomUUID().toString().substring(0, 8));
        String model = registerModel(uniqueName(namespace + ".all"));
        String run = finishedRun(namespace, digest("t"), digest("v"));

        Answer all = ok(post("/api/v1/models/" + model + "/versions",
                "{\"artifact\":{\"uri\":\"runs:/" + run + "/\"}}"), 201);
        assertThat(paths(all.json().get("files"))).containsExactly("model/conda.yaml", "model/weights.bin",
                "plots/loss.png");
        assertThat(versionRegistered(model, 1).at("/lineage/run_id").asText()).isEqualTo(run);
        // with files in the request, the URI only names the source (and the run)
        holdArtifactA();
        Answer given = ok(post("/api/v1/models/" + model + "/versions", "{\"artifact\":{\"uri\":\"runs:/" + run
                + "/model\",\"sha256\":\"" + DIGEST_A + "\"}}"), 201);
        assertThat(paths(given.json().get("files"))).containsExactly("model");
        assertThat(versionRegistered(model, 2).at("/metrics/accuracy").asDouble()).isEqualTo(0.9);
    }

    @Test
    void aRequestContradictingTheRunOrAnUnusableRunIsRefusedAndNothingRecorded() {
        String namespace = ensureNamespace("rm" + UUID.randomUUID().toString().substring(0, 8));
        String model = registerModel(uniqueName(namespace + ".m"));
        String run = finishedRun(namespace, digest("a"), digest("b"));
        String other = finishedRun(namespace, digest("c"), digest("d"));
        String running = startRun(namespace);
        String deleted = finishedRun(namespace, digest("e"), digest("f"));
        ok(delete("/api/v1/runs/" + deleted), 204);
        String versions = "/api/v1/models/" + model + "/versions";
        String one = "\"artifact\":{\"sha256\":\"" + DIGEST_A + "\"}";
        holdArtifactA();
        long before = lastEventPosition();

        assertProblem(post(versions, "{\"run_id\":\"" + run + "\"," + one + ",\"params\":{\"max_depth\":\"9\"}}"),
                422, "run_mismatch", "params.max_depth");
        assertProblem(post(versions, "{\"run_id\":\"" + run + "\"," + one + ",\"metrics\":{\"accuracy\":0.95}}"),
                422, "run_mismatch", "metrics.accuracy");
        assertProblem(post(versions, "{\"run_id\":\"" + run + "\"," + one + ",\"lineage\":{\"code_commit\":\"beef\"}}"),
                422, "run_mismatch", "lineage.code_commit");
        assertProblem(post(versions, "{\"run_id\":\"" + run + "\"," + one + ",\"lineage\":{\"run_id\":\"" + other + "\"}}"),
                422, "run_mismatch", "lineage.run_id");
        assertProblem(post(versions, "{\"run_id\":\"" + run + "\",\"artifact\":{\"uri\":\"runs:/" + other + "/model\"}}"),
                422, "run_mismatch", "artifact.uri");
        assertProblem(post(versions, "{\"artifact\":{\"uri\":\"runs:/" + run + "/nothing-here\"}}"),
                422, "run_artifacts_not_found", "artifact.uri");
        assertProblem(post(versions, "{\"run_id\":\"" + running + "\"," + one + "}"), 409, "run_active", "run_id");
        assertProblem(post(versions, "{\"run_id\":\"" + deleted + "\"," + one + "}"), 404, "run_not_found", "run_id");
        assertProblem(post(versions, "{\"run_id\":\"" + "0".repeat(32) + "\"," + one + "}"), 404, "run_not_found", "run_id");
        assertProblem(post(versions, "{\"run_id\":\"run-1\"," + one + "}"), 400, "invalid_id", "run_id");
        assertProblem(post(versions, "{\"artifact\":{\"uri\":\"runs:/not-a-run/model\"}}"), 400, "invalid_uri",
                "artifact.uri");
        assertProblem(post(versions, "{\"artifact\":{\"uri\":\"runs:/" + run + "/a//b\"}}"), 400, "invalid_uri",
                "artifact.uri");
        assertThat(lastEventPosition()).as("nothing was written").isEqualTo(before);

        // lineage.run_id alone stays a free-text reference to a run tracked elsewhere
        ok(post(versions, "{" + one + ",\"lineage\":{\"run_id\":\"mlflow-run-7\"}}"), 201);
    }

    @Test
    void aRunInANamespaceTheCallerMayNotReadIsForbiddenAndNothingRecorded() {
        String namespaceA = ensureNamespace("ra" + UUID.randomUUID().toString().substring(0, 8));
        String namespaceB = ensureNamespace("rb" + UUID.randomUUID().toString().substring(0, 8));
        String model = registerModel(uniqueName(namespaceA + ".m"));
        String runOfB = finishedRun(namespaceB, digest("x"), digest("y"));
        TestUser user = createUser("ru");
        grant(user.username(), namespaceA, "contributor");
        String contributorOfA = login(user.username(), user.password());

        Answer refused = as(contributorOfA).post("/api/v1/models/" + model + "/versions",
                "{\"artifact\":{\"uri\":\"runs:/" + runOfB + "/model\"}}");
        assertProblem(refused, 403, "forbidden", null);
        assertThat(refused.json().get("permission").asText()).isEqualTo("read");
        assertThat(refused.json().get("namespace").asText()).isEqualTo(namespaceB);
        assertThat(storedEvents(model)).as("only the model's registration").hasSize(1);

        // with read in B too, the same request registers
        grant(user.username(), namespaceB, "viewer");
        ok(as(login(user.username(), user.password())).post("/api/v1/models/" + model + "/versions",
                "{\"artifact\":{\"uri\":\"runs:/" + runOfB + "/model\"}}"), 201);
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * A run in a new experiment of the namespace: code commit c0ffee, sklearn 1.5.2; params max_depth 8 and
     * lr 0.1; accuracy 0.5 (step 0), 0.95 (step 1), 0.9 (step 2, logged first with an older timestamp); loss
     * ending in NaN; grad -Infinity; the inputs train (twice) and validation; artifacts model/weights.bin,
     * model/conda.yaml and plots/loss.png; finished.
     */
    private String finishedRun(String namespace, String train, String validation) {
        String run = startRun(namespace);
        ArrayNode metrics = JSON.createArrayNode();
        metrics.addObject().put("key", "accuracy").put("value", 0.9).put("step", 2).put("timestamp", T0);
        metrics.addObject().put("key", "accuracy").put("value", 0.5).put("step", 0).put("timestamp", T0 + 10);
        metrics.addObject().put("key", "accuracy").put("value", 0.95).put("step", 1).put("timestamp", T0 + 20);
        metrics.addObject().put("key", "loss").put("value", 0.4).put("step", 0).put("timestamp", T0);
        metrics.addObject().put("key", "loss").put("value", "NaN").put("step", 1).put("timestamp", T0);
        metrics.addObject().put("key", "grad").put("value", "-Infinity").put("step", 0).put("timestamp", T0);
        ObjectNode batch = JSON.createObjectNode();
        batch.set("metrics", metrics);
        ArrayNode params = batch.putArray("params");
        params.addObject().put("key", "max_depth").put("value", "8");
        params.addObject().put("key", "lr").put("value", "0.1");
        ArrayNode inputs = batch.putArray("inputs");
        inputs.addObject().put("name", "train").put("sha256", train).put("context", "training");
        inputs.addObject().put("name", "validation").put("sha256", validation).put("context", "validation");
        ok(post("/api/v1/runs/" + run + ":log-batch", batch.toString()), 200);
        ok(post("/api/v1/runs/" + run + ":log-batch", "{\"inputs\":[{\"name\":\"train copy\",\"sha256\":\"" + train
                + "\"}]}"), 200);
        String weights = uploadArtifactBytes(("weights " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        String conda = uploadArtifactBytes(("conda " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        String plot = uploadArtifactBytes(("plot " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        ok(post("/api/v1/runs/" + run + ":log-artifacts", """
                {"files":[{"path":"model/weights.bin","sha256":"%s"},{"path":"model/conda.yaml","sha256":"%s"},
                          {"path":"plots/loss.png","sha256":"%s"}]}""".formatted(weights, conda, plot)), 200);
        ok(post("/api/v1/runs/" + run + ":finish", "{\"status\":\"FINISHED\",\"end_time\":" + (T0 + 60_000) + "}"),
                200);
        return run;
    }

    private String startRun(String namespace) {
        String experiment = experimentIn(namespace, "e");
        return ok(post("/api/v1/runs", JSON.createObjectNode().put("experiment_id", experiment)
                .put("code_commit", "c0ffee").put("framework", "sklearn").put("framework_version", "1.5.2")
                .put("start_time", T0).toString()), 201).json().get("run_id").asText();
    }

    /** The VersionRegistered event of model@version, from the event store. */
    private static JsonNode versionRegistered(String model, int version) {
        for (var row : rows("select payload from event_store.domain_event_entry where aggregate_identifier = ? "
                + "and payload_type = 'dev.modelregistry.version.registered' order by sequence_number", model)) {
            JsonNode event = parse(new String((byte[]) row.get("payload"), StandardCharsets.UTF_8));
            if (event.get("version").asInt() == version) {
                return event;
            }
        }
        throw new AssertionError("no event of " + model + "@" + version);
    }

    private static String digest(String seed) {
        return (UUID.nameUUIDFromBytes((seed + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8)).toString()
                + UUID.randomUUID()).replace("-", "");
    }

    private static List<String> paths(JsonNode files) {
        List<String> paths = new ArrayList<>();
        files.forEach(file -> paths.add(file.get("path").asText()));
        return paths;
    }

    private static List<String> ids(JsonNode nodes) {
        List<String> ids = new ArrayList<>();
        nodes.forEach(node -> ids.add(node.get("id").asText()));
        return ids;
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
    }

    private static Answer ok(Answer answer, int status) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        return answer;
    }
}
