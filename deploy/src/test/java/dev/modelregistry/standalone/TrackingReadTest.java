package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The tracking reads over HTTP after the tracking commands: a run with params, metrics over steps (NaN
 * included), inputs and its finish read back whole; the metric history paged and downsampled (min and
 * max per bucket); two runs compared; the best run and the min_<metric> and order_by shortcuts (NaN
 * after every number); hostile parameters answered with problem+json naming the parameter; and a viewer
 * of another namespace refused.
 */
class TrackingReadTest extends RegistryIntegrationTest {

    private static final long T0 = 1_790_000_000_000L;

    @Test
    void runsMetricsHistoryComparisonAndBestAreQueryable() {
        String namespace = ensureNamespace("trk" + UUID.randomUUID().toString().substring(0, 8));
        Answer experiment = created(post("/api/v1/experiments", JSON.createObjectNode()
                .put("name", uniqueName("churn")).put("namespace", namespace).put("description", "churn models")
                .toString()));
        String experimentId = experiment.json().get("experiment_id").asText();

        // run a: accuracy 0.00..0.99 over 100 steps, loss ending in NaN; run b: accuracy 0.85, loss 0.5
        String a = startRun(experimentId, "a");
        ArrayNode metrics = JSON.createArrayNode();
        for (int step = 0; step < 100; step++) {
            metrics.addObject().put("key", "accuracy").put("value", step / 100.0).put("step", step)
                    .put("timestamp", T0 + step);
        }
        metrics.addObject().put("key", "loss").put("value", 0.3).put("step", 0).put("timestamp", T0);
        metrics.addObject().put("key", "loss").put("value", "NaN").put("step", 1).put("timestamp", T0 + 1);
        ok(post("/api/v1/runs/" + a + ":log-batch", batch(metrics, "0.1")));
        ok(post("/api/v1/runs/" + a + ":finish", "{\"status\":\"FINISHED\",\"end_time\":" + (T0 + 60_000) + "}"));
        String b = startRun(experimentId, "b");
        ArrayNode metricsB = JSON.createArrayNode();
        metricsB.addObject().put("key", "accuracy").put("value", 0.85).put("step", 3).put("timestamp", T0);
        metricsB.addObject().put("key", "loss").put("value", 0.5).put("step", 3).put("timestamp", T0);
        long last = ok(post("/api/v1/runs/" + b + ":log-batch", batch(metricsB, "0.2"))).position();

        // the run, whole
        JsonNode run = ok(getAt("/api/v1/runs/" + a, last)).json();
        assertThat(run.get("status").asText()).isEqualTo("FINISHED");
        assertThat(run.get("namespace").asText()).isEqualTo(namespace);
        assertThat(run.get("duration_ms").asLong()).isPositive();
        assertThat(run.at("/params/max_depth").asText()).isEqualTo("15");
        assertThat(run.at("/tags/team").asText()).isEqualTo("risk");
        assertThat(run.at("/inputs/0/context").asText()).isEqualTo("training");
        assertThat(run.get("metrics").toString())
                .contains("{\"key\":\"accuracy\",\"value\":0.99,\"step\":99")
                .contains("{\"key\":\"loss\",\"value\":\"NaN\",\"step\":1");

        // history: paged by step, then downsampled keeping each bucket's min and max
        List<Double> values = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = ok(get("/api/v1/runs/" + a + "/metrics/accuracy/history?page_size=30"
                    + (token == null ? "" : "&page_token=" + token))).json();
            page.get("points").forEach(p -> values.add(p.get("value").asDouble()));
            assertThat(page.get("total_points").asLong()).isEqualTo(100);
            token = page.get("next_page_token").isNull() ? null : page.get("next_page_token").asText();
        } while (token != null);
        assertThat(values).hasSize(100).isSorted();
        JsonNode thin = ok(get("/api/v1/runs/" + a + "/metrics/accuracy/history?max_points=10")).json();
        assertThat(thin.get("downsampled").asBoolean()).isTrue();
        assertThat(thin.get("points").size()).isBetween(2, 10);
        assertThat(thin.get("points").get(0).get("value").asDouble()).isEqualTo(0.0);
        assertThat(thin.get("points").get(thin.get("points").size() - 1).get("value").asDouble()).isEqualTo(0.99);
        assertThat(ok(get("/api/v1/runs/" + a + "/metrics/loss/history")).json().at("/points/1/value").asText())
                .isEqualTo("NaN");

        // compare: params that differ and those equal, metrics with differences to the first run
        JsonNode compared = ok(get("/api/v1/runs:compare?runs=" + a + "," + b)).json();
        assertThat(compared.at("/equal_params/max_depth").asText()).isEqualTo("15");
        assertThat(compared.at("/differing_params/lr/" + b).asText()).isEqualTo("0.2");
        assertThat(compared.at("/metrics/accuracy/1/difference_to_first").asDouble()).isCloseTo(-0.14,
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(compared.at("/metrics/loss/0/value").asText()).isEqualTo("NaN");
        assertThat(compared.at("/runs/0/datasets/0/name").asText()).isEqualTo("train");

        // best run, min_<metric>, order_by (NaN after every number either way)
        String runs = "/api/v1/experiments/" + experimentId + "/runs";
        assertThat(ok(get(runs + ":best?metric=accuracy")).json().get("run_id").asText()).isEqualTo(a);
        assertThat(ok(get(runs + ":best?metric=accuracy&order=min")).json().get("run_id").asText()).isEqualTo(b);
        assertThat(ok(get(runs + ":best?metric=loss")).json().get("run_id").asText()).isEqualTo(b);
        assertThat(ids(ok(get(runs + "?min_accuracy=0.90")).json())).containsExactly(a);
        assertThat(ids(ok(get(runs + "?order_by=metrics.loss%20asc")).json())).containsExactly(b, a);
        assertThat(ids(ok(get(runs + "?order_by=metrics.loss%20desc")).json())).containsExactly(b, a);
        assertThat(ids(ok(get(runs + "?order_by=metrics.accuracy&page_size=1")).json())).containsExactly(a);
        assertThat(ids(ok(get(runs + "?status=RUNNING")).json())).containsExactly(b);

        // hostile parameters
        assertProblem(get("/api/v1/runs/" + a + "/metrics/accuracy/history?max_points=1"), 400, "invalid_parameter",
                "max_points");
        assertProblem(get("/api/v1/runs/" + a + "/metrics/accuracy/history?max_points=lots"), 400, "invalid_parameter",
                "max_points");
        assertProblem(get(runs + "?min_accuracy=NaN"), 400, "invalid_parameter", "min_accuracy");
        assertProblem(get(runs + "?order_by=metrics.x;drop%20table%20run"), 400, "invalid_order_by", "order_by");
        assertProblem(get("/api/v1/runs:compare?runs=" + a), 400, "invalid_parameter", "runs");
        assertProblem(get("/api/v1/runs:compare?runs=" + a + "," + "0".repeat(32)), 404, "run_not_found", "runs");
        assertProblem(get("/api/v1/runs/" + "0".repeat(32)), 404, "run_not_found", "run_id");
        assertProblem(get("/api/v1/experiments/" + "0".repeat(32)), 404, "experiment_not_found", "experiment_id");
        assertProblem(get(runs + ":best?metric=unknown"), 404, "run_not_found", "metric");

        // another namespace's viewer is refused; a viewer of the namespace reads
        String outsider = userWith(ensureNamespace("trko" + UUID.randomUUID().toString().substring(0, 8)), "viewer");
        assertProblem(as(outsider).get("/api/v1/runs/" + a), 403, "forbidden", null);
        assertProblem(as(outsider).get("/api/v1/experiments/" + experimentId), 403, "forbidden", null);
        assertProblem(as(outsider).get("/api/v1/runs:compare?runs=" + a + "," + b), 403, "forbidden", null);
        assertThat(ok(as(outsider).get("/api/v1/experiments?namespace=" + namespace)).json().get("items")).isEmpty();
        String viewer = userWith(namespace, "viewer");
        assertThat(ok(as(viewer).get("/api/v1/runs/" + b)).json().get("status").asText()).isEqualTo("RUNNING");
        assertThat(ok(as(viewer).get("/api/v1/experiments?namespace=" + namespace)).json().at("/items/0/experiment_id")
                .asText()).isEqualTo(experimentId);
    }

    @Test
    void runsSortedByAMetricPageThroughNanAndMissingValuesLast() {
        String namespace = ensureNamespace("trk" + UUID.randomUUID().toString().substring(0, 8));
        String experimentId = experimentIn(namespace, "sorting");
        String[] values = {"0.3", "NaN", null, "0.9", "0.3", "-Infinity"};
        List<String> runs = new ArrayList<>();
        long last = 0;
        for (String value : values) {
            String run = startRun(experimentId, "r");
            runs.add(run);
            if (value != null) {
                ObjectNode body = JSON.createObjectNode();
                ObjectNode point = body.putArray("metrics").addObject().put("key", "f1").put("step", 0)
                        .put("timestamp", T0);
                if (value.equals("0.3") || value.equals("0.9")) {
                    point.put("value", Double.parseDouble(value));
                } else {
                    point.put("value", value);
                }
                last = ok(post("/api/v1/runs/" + run + ":log-batch", body.toString())).position();
            }
        }
        awaitProjected(last);
        List<String> lowTies = runs.get(0).compareTo(runs.get(4)) < 0
                ? List.of(runs.get(0), runs.get(4)) : List.of(runs.get(4), runs.get(0));
        String path = "/api/v1/experiments/" + experimentId + "/runs?page_size=2&order_by=metrics.f1%20";
        assertThat(allPages(path + "asc")).containsExactly(runs.get(5), lowTies.get(0), lowTies.get(1),
                runs.get(3), runs.get(1), runs.get(2));
        assertThat(allPages(path + "desc")).containsExactly(runs.get(3), lowTies.get(0), lowTies.get(1),
                runs.get(5), runs.get(1), runs.get(2));
        // the default order: newest start first (all started at T0: by run id, descending)
        assertThat(allPages("/api/v1/experiments/" + experimentId + "/runs?page_size=4"))
                .containsExactlyElementsOf(runs.stream().sorted(java.util.Comparator.reverseOrder()).toList());
        JsonNode listed = ok(get("/api/v1/experiments/" + experimentId + "/runs?min_f1=0.5")).json();
        assertThat(listed.at("/items/0/metrics/f1").asDouble()).isEqualTo(0.9);
        assertThat(listed.get("items")).hasSize(1);
        assertProblem(get(path + "asc&page_token=forged"), 400, "invalid_page_token", "page_token");
    }

    private List<String> allPages(String path) {
        List<String> ids = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = ok(get(path + (token == null ? "" : "&page_token=" + token))).json();
            ids.addAll(ids(page));
            token = page.get("next_page_token").isNull() ? null : page.get("next_page_token").asText();
        } while (token != null);
        return ids;
    }

    private String startRun(String experimentId, String name) {
        Answer answer = created(post("/api/v1/runs", JSON.createObjectNode().put("experiment_id", experimentId)
                .put("name", name).put("code_commit", "c0ffee").put("start_time", T0)
                .set("tags", JSON.createObjectNode().put("team", "risk")).toString()));
        return answer.json().get("run_id").asText();
    }

    private static String batch(ArrayNode metrics, String learningRate) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode params = body.putArray("params");
        params.addObject().put("key", "max_depth").put("value", "15");
        params.addObject().put("key", "lr").put("value", learningRate);
        body.set("metrics", metrics);
        body.putArray("inputs").addObject().put("name", "train").put("sha256", "d".repeat(64))
                .put("source", "s3://data/train").put("context", "training");
        return body.toString();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("run_id").asText()));
        return ids;
    }
}
