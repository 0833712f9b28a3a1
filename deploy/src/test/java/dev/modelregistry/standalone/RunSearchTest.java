package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/search/runs} over HTTP after the tracking commands: the runs index follows
 * started, logged (latest metric by step), finished and deleted runs; the filter language of the
 * versions search works on run fields; order by a metric keeps non-finite values out of the numbers;
 * facets count values; injection attempts are refused with problem+json or matched as plain values;
 * a viewer of another namespace finds nothing.
 */
class RunSearchTest extends RegistryIntegrationTest {

    private static final long T0 = 1_790_000_000_000L;

    @Test
    void runsAreSearchableByMetricsParamsAndStatusWithFacetsAndNamespaceFiltering() {
        String namespace = ensureNamespace("rs" + UUID.randomUUID().toString().substring(0, 8));
        String experimentId = experimentIn(namespace, "search");

        // a: f1 0.95 at step 2 (an older step with 0.1 logged after it), depth 15, finished
        String a = startRun(experimentId, "alpha", "sklearn");
        log(a, "15", metric("f1", "0.95", 2), metric("f1", "0.1", 1));
        ok(post("/api/v1/runs/" + a + ":finish", "{\"status\":\"FINISHED\",\"end_time\":" + (T0 + 60_000) + "}"));
        // b: f1 0.92, depth 8; c: f1 0.99, depth 15, running; d: f1 NaN, depth 15; e: deleted
        String b = startRun(experimentId, "beta", "sklearn");
        log(b, "8", metric("f1", "0.92", 0));
        String c = startRun(experimentId, "gamma", "xgboost");
        log(c, "15", metric("f1", "0.99", 0));
        String d = startRun(experimentId, "delta", "xgboost");
        log(d, "15", metric("f1", "NaN", 0));
        String e = startRun(experimentId, "epsilon", "sklearn");
        log(e, "15", metric("f1", "0.97", 0));
        long last = deleted("/api/v1/runs/" + e).position();

        String search = "/api/v1/search/runs?filter=" + encode("metrics.f1 > 0.9 AND params.max_depth = '15'");
        JsonNode found = ok(getAt(search + "&order_by=" + encode("metrics.f1 DESC"), last)).json();
        assertThat(ids(found)).containsExactly(c, a);
        assertThat(found.get("total_hits").asLong()).isEqualTo(2);
        JsonNode alpha = found.get("items").get(1);
        assertThat(alpha.at("/metrics/f1").asDouble()).isEqualTo(0.95);
        assertThat(alpha.get("status").asText()).isEqualTo("FINISHED");
        assertThat(alpha.get("duration_ms").asLong()).isEqualTo(60_000);
        assertThat(alpha.get("namespace").asText()).isEqualTo(namespace);
        assertThat(alpha.get("dataset_digests").get(0).asText()).isEqualTo("d".repeat(64));

        // order by a metric: ascending, the NaN run (no finite f1) and none other after the numbers
        String inExperiment = "/api/v1/search/runs?filter=" + encode("experiment_id = '" + experimentId + "'");
        assertThat(ids(ok(get(inExperiment + "&order_by=" + encode("metrics.f1 ASC"))).json()))
                .containsExactly(b, a, c, d);
        JsonNode nan = ok(get("/api/v1/search/runs?filter=" + encode("nonfinite_metric = 'f1' AND experiment_id = '"
                + experimentId + "'"))).json();
        assertThat(ids(nan)).containsExactly(d);
        assertThat(nan.at("/items/0/metrics/f1").asText()).isEqualTo("NaN");
        assertThat(ids(ok(get(inExperiment + encode(" AND status = 'finished'"))).json())).containsExactly(a);

        // facets
        JsonNode faceted = ok(get(inExperiment + "&facets=framework,status,tags.team")).json();
        assertThat(faceted.at("/facets/framework").toString())
                .contains("{\"value\":\"sklearn\",\"count\":2}", "{\"value\":\"xgboost\",\"count\":2}");
        assertThat(faceted.at("/facets/status").toString())
                .contains("{\"value\":\"RUNNING\",\"count\":3}", "{\"value\":\"FINISHED\",\"count\":1}");
        assertThat(faceted.at("/facets/tags.team").toString()).contains("{\"value\":\"risk\",\"count\":4}");
        assertProblem(get(inExperiment + "&facets=framework,nonsense"), 400, "invalid_parameter", "facets");
        assertProblem(get(inExperiment + "&facets=metrics.f1"), 400, "invalid_parameter", "facets");
        assertThat(ok(get("/api/v1/search/versions?facets=framework,stage")).json().get("facets").has("stage"))
                .isTrue();
        assertProblem(get("/api/v1/search/versions?facets=status"), 400, "invalid_parameter", "facets");

        // hostile filters: refused at the offending token, or plain values that match nothing
        assertProblem(get("/api/v1/search/runs?filter=" + encode("params.max_depth = '15' OR 1=1")), 400,
                "invalid_filter", "filter");
        assertProblem(get("/api/v1/search/runs?filter=" + encode("name:* OR _exists_:run_id")), 400, "invalid_filter",
                "filter");
        assertProblem(get("/api/v1/search/runs?filter=" + encode("stage = 'Production'")), 400, "invalid_filter",
                "filter");
        assertProblem(get("/api/v1/search/runs?filter=" + encode("status = 'DONE'")), 400, "invalid_filter", "filter");
        assertThat(ok(get("/api/v1/search/runs?filter=" + encode("name = '*' OR params.max_depth = '15'' OR ''1''=''1'"
                + " OR name = '\"; DROP TABLE run; --'"))).json().get("items")).isEmpty();

        // another namespace's viewer finds none of these runs; a viewer of the namespace finds them
        String outsider = userWith(ensureNamespace("rso" + UUID.randomUUID().toString().substring(0, 8)), "viewer");
        assertThat(ok(as(outsider).get(inExperiment)).json().get("total_hits").asLong()).isZero();
        String viewer = userWith(namespace, "viewer");
        assertThat(ok(as(viewer).get(inExperiment)).json().get("total_hits").asLong()).isEqualTo(4);

        // deleting the experiment takes its runs out of the index
        long deleted = deleted("/api/v1/experiments/" + experimentId).position();
        assertThat(ok(getAt(inExperiment, deleted)).json().get("total_hits").asLong()).isZero();
    }

    /**
     * MLflow's clients tag every run {@code mlflow.user}, {@code mlflow.source.name}, ...; metric and
     * param keys such as {@code val.loss} are common, and may sit beside {@code val}. Each key is one
     * field of its own: filtered, sorted, faceted, in runs and versions alike.
     */
    @Test
    void dottedKeysAsMlflowWritesThemAreSearchableFieldsOfRunsAndVersions() {
        String namespace = ensureNamespace("rd" + UUID.randomUUID().toString().substring(0, 8));
        String experimentId = experimentIn(namespace, "dotted");
        List<String> runs = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            String run = startRun(experimentId, "dotted-" + r, "pytorch");
            ObjectNode body = JSON.createObjectNode();
            body.putArray("params").addObject().put("key", "optimizer.lr").put("value", "0.0" + (r + 1));
            ArrayNode points = body.putArray("metrics");
            points.add(metric("val.loss", "0." + (5 - r), 1));
            points.add(metric("val", "0.9", 1));
            ArrayNode tags = body.putArray("tags");
            tags.addObject().put("key", "mlflow.user").put("value", r == 2 ? "bob" : "alice");
            tags.addObject().put("key", "mlflow.source.name").put("value", "train.py");
            tags.addObject().put("key", "mlflow").put("value", "x");
            ok(post("/api/v1/runs/" + run + ":log-batch", body.toString()));
            runs.add(run);
        }
        String lastRun = runs.getLast();
        long logged = ok(post("/api/v1/runs/" + lastRun + ":log-batch",
                "{\"metrics\":[{\"key\":\"val.loss.ema\",\"value\":0.2,\"step\":1,\"timestamp\":" + T0 + "}]}"))
                .position();

        String inExperiment = "/api/v1/search/runs?filter=" + encode("experiment_id = '" + experimentId + "' AND ");
        JsonNode found = ok(getAt(inExperiment + encode("metrics.val.loss < 0.45 AND tags.mlflow.user = 'alice'")
                + "&order_by=" + encode("metrics.val.loss ASC") + "&facets=" + encode("tags.mlflow.user"), logged)).json();
        assertThat(ids(found)).containsExactly(runs.get(1));
        assertThat(found.at("/items/0/metrics").toString()).contains("\"val\":0.9", "\"val.loss\":0.4");
        assertThat(found.at("/items/0/tags/mlflow.source.name").asText()).isEqualTo("train.py");
        assertThat(found.at("/facets/tags.mlflow.user").toString()).contains("{\"value\":\"alice\",\"count\":1}");
        assertThat(ids(ok(get(inExperiment + encode("params.optimizer.lr IN ('0.01', '0.03')")
                + "&order_by=" + encode("metrics.val.loss DESC"))).json())).containsExactly(runs.get(0), runs.get(2));
        assertThat(ids(ok(get(inExperiment + encode("metrics.val.loss.ema < 0.3 AND metrics.val = 0.9"))).json()))
                .containsExactly(lastRun);
        assertThat(ids(ok(get(inExperiment + encode("tags.mlflow = 'x'") + "&order_by=" + encode("metrics.val.loss ASC")))
                .json())).containsExactly(runs.get(2), runs.get(1), runs.get(0));

        // a version with dotted keys, registered from the first run, is found by them too
        String model = registerModel("dotted-" + UUID.randomUUID().toString().substring(0, 8));
        holdArtifactA();
        Answer version = created(post("/api/v1/models/" + model + "/versions", """
                {"artifact":{"uri":"file:///models/%1$s/model.pt","sha256":"%2$s"},"framework":"pytorch",
                 "params":{"optimizer.lr":"0.01"},"metrics":{"val.loss":0.5,"val":0.9},"tags":{"mlflow.user":"alice"},
                 "lineage":{"run_id":"%3$s"}}""".formatted(model, DIGEST_A, runs.getFirst())));
        JsonNode versions = ok(getAt("/api/v1/search/versions?filter=" + encode("model = '" + model
                + "' AND params.optimizer.lr = '0.01' AND metrics.val.loss >= 0.5 AND tags.mlflow.user = 'alice'")
                + "&order_by=" + encode("metrics.val.loss DESC"), version.position())).json();
        assertThat(versions.get("total_hits").asLong()).isEqualTo(1);
        assertThat(versions.at("/items/0/metrics").toString()).contains("\"val\":0.9", "\"val.loss\":0.5");
    }

    private String startRun(String experimentId, String name, String framework) {
        Answer answer = created(post("/api/v1/runs", JSON.createObjectNode().put("experiment_id", experimentId)
                .put("name", name).put("framework", framework).put("code_commit", "c0ffee").put("start_time", T0)
                .set("tags", JSON.createObjectNode().put("team", "risk")).toString()));
        return answer.json().get("run_id").asText();
    }

    private static ObjectNode metric(String key, String value, int step) {
        ObjectNode point = JSON.createObjectNode().put("key", key).put("step", step).put("timestamp", T0 + step);
        if (value.equals("NaN")) {
            point.put("value", value);
        } else {
            point.put("value", Double.parseDouble(value));
        }
        return point;
    }

    private void log(String run, String maxDepth, ObjectNode... metrics) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("params").addObject().put("key", "max_depth").put("value", maxDepth);
        ArrayNode points = body.putArray("metrics");
        for (ObjectNode metric : metrics) {
            points.add(metric);
        }
        body.putArray("inputs").addObject().put("name", "train").put("sha256", "d".repeat(64))
                .put("source", "s3://data/train").put("context", "training");
        ok(post("/api/v1/runs/" + run + ":log-batch", body.toString()));
    }

    private Answer deleted(String path) {
        Answer answer = asAdmin().delete(path);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(204);
        return answer;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("run_id").asText()));
        return ids;
    }
}
