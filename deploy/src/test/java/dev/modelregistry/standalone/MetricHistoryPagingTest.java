package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A long metric history over HTTP (the read model stores one row per run, key and event, the points in
 * arrays): 3,000 points over three log-batches whose step ranges interleave, logged out of step order,
 * with a step logged twice at the same time and a NaN. Paged with page_size 1000 and tokens it comes back
 * whole in (step, timestamp, logging order); downsampled to 500 points it keeps exactly each bucket's
 * lowest and highest point.
 */
class MetricHistoryPagingTest extends RegistryIntegrationTest {

    private static final long T0 = 1_790_000_000_000L;

    /** A logged point: the batch it came in (the order of events) and its place in it. */
    private record Logged(long step, double value, long timestamp, int batch, int ordinal) {
    }

    private static final Comparator<Logged> HISTORY_ORDER = Comparator.comparingLong(Logged::step)
            .thenComparingLong(Logged::timestamp).thenComparingInt(Logged::batch).thenComparingInt(Logged::ordinal);

    private static double value(long step) {
        return (step * 7919 % 1000) / 1000.0;
    }

    @Test
    void aLongHistoryPagesWholeInStepOrderAndDownsamplesToEachBucketsLowestAndHighest() {
        String namespace = ensureNamespace("mh" + UUID.randomUUID().toString().substring(0, 8));
        String experimentId = experimentIn(namespace, "long-history");
        String run = created(post("/api/v1/runs", JSON.createObjectNode().put("experiment_id", experimentId)
                .put("start_time", T0).toString())).json().get("run_id").asText();

        // batch 0: the even steps below 2000, highest first; batch 1: the odd ones, lowest first;
        // batch 2: steps 2000..2998 with a NaN at 2500, and step 500 again at the same time as batch 0's
        List<List<Logged>> batches = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (long step = 1998; step >= 0; step -= 2) {
            batches.get(0).add(new Logged(step, value(step), T0 + step, 0, batches.get(0).size()));
        }
        for (long step = 1; step < 2000; step += 2) {
            batches.get(1).add(new Logged(step, value(step), T0 + step, 1, batches.get(1).size()));
        }
        for (long step = 2000; step < 2999; step++) {
            batches.get(2).add(new Logged(step, step == 2500 ? Double.NaN : value(step), T0 + step, 2,
                    batches.get(2).size()));
        }
        batches.get(2).add(new Logged(500, 0.25, T0 + 500, 2, batches.get(2).size()));
        long last = 0;
        for (List<Logged> batch : batches) {
            ObjectNode body = JSON.createObjectNode();
            ArrayNode metrics = body.putArray("metrics");
            for (Logged point : batch) {
                ObjectNode node = metrics.addObject().put("key", "loss").put("step", point.step())
                        .put("timestamp", point.timestamp());
                if (Double.isNaN(point.value())) {
                    node.put("value", "NaN");
                } else {
                    node.put("value", point.value());
                }
            }
            last = ok(post("/api/v1/runs/" + run + ":log-batch", body.toString())).position();
        }
        awaitProjected(last);
        List<Logged> all = batches.stream().flatMap(List::stream).sorted(HISTORY_ORDER).toList();
        assertThat(all).hasSize(3000);

        // paged: 1000, 1000, 1000, the last page without a token
        List<JsonNode> paged = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = ok(get("/api/v1/runs/" + run + "/metrics/loss/history?page_size=1000"
                    + (token == null ? "" : "&page_token=" + token))).json();
            assertThat(page.get("total_points").asLong()).isEqualTo(3000);
            assertThat(page.get("downsampled").asBoolean()).isFalse();
            page.get("points").forEach(paged::add);
            pageSizes.add(page.get("points").size());
            token = page.get("next_page_token").isNull() ? null : page.get("next_page_token").asText();
        } while (token != null);
        assertThat(pageSizes).containsExactly(1000, 1000, 1000);
        assertThat(paged.stream().map(p -> p.get("step").asLong()).toList())
                .isEqualTo(all.stream().map(Logged::step).toList());
        assertThat(paged.stream().map(MetricHistoryPagingTest::valueOf).toList())
                .isEqualTo(all.stream().map(Logged::value).toList());
        // step 500 at the same time twice: the earlier event's point first
        int first500 = all.indexOf(all.stream().filter(p -> p.step() == 500).findFirst().orElseThrow());
        assertThat(paged.get(first500 + 1).get("step").asLong()).isEqualTo(500);
        assertThat(valueOf(paged.get(first500))).isEqualTo(value(500));
        assertThat(valueOf(paged.get(first500 + 1))).isEqualTo(0.25);

        // downsampled to 500: 250 buckets of equal step width over [0, 2999), each its lowest and highest
        // point (NaN the highest), in history order
        Map<Integer, List<Logged>> buckets = new TreeMap<>();
        for (Logged point : all) {
            buckets.computeIfAbsent((int) (250.0 * point.step() / 2999.0) + 1, b -> new ArrayList<>()).add(point);
        }
        Comparator<Logged> byValue = Comparator.comparing(Logged::value, Double::compare);
        List<Logged> kept = new ArrayList<>();
        for (List<Logged> bucket : buckets.values()) {
            Logged lowest = bucket.stream().min(byValue.thenComparing(HISTORY_ORDER)).orElseThrow();
            Logged highest = bucket.stream().min(byValue.reversed().thenComparing(HISTORY_ORDER)).orElseThrow();
            kept.add(lowest);
            if (highest != lowest) {
                kept.add(highest);
            }
        }
        kept.sort(HISTORY_ORDER);
        JsonNode thin = ok(get("/api/v1/runs/" + run + "/metrics/loss/history?max_points=500")).json();
        assertThat(thin.get("downsampled").asBoolean()).isTrue();
        assertThat(thin.get("total_points").asLong()).isEqualTo(3000);
        List<JsonNode> points = new ArrayList<>();
        thin.get("points").forEach(points::add);
        assertThat(points).hasSizeLessThanOrEqualTo(500);
        assertThat(points.stream().map(p -> p.get("step").asLong()).toList())
                .isEqualTo(kept.stream().map(Logged::step).toList());
        assertThat(points.stream().map(MetricHistoryPagingTest::valueOf).toList())
                .isEqualTo(kept.stream().map(Logged::value).toList());
        assertThat(points.stream().map(MetricHistoryPagingTest::valueOf).filter(v -> v.isNaN())).hasSize(1);
    }

    private static Double valueOf(JsonNode point) {
        JsonNode value = point.get("value");
        return value.isTextual() ? Double.valueOf(value.asText()) : value.asDouble();
    }
}
