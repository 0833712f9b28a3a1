package dev.modelregistry.query.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.query.tracking.TrackingViews.ComparedValue;
import dev.modelregistry.query.tracking.TrackingViews.Comparison;
import dev.modelregistry.query.tracking.TrackingViews.LatestMetric;
import dev.modelregistry.query.tracking.TrackingViews.Run;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Run comparison and the rendering of non-finite metric values. */
class TrackingComparisonTest {

    private static Run run(String id, Map<String, String> params, List<LatestMetric> metrics) {
        return new Run(id, "e", "ns", id, "FINISHED", Instant.EPOCH, null, null, "c-" + id, null, null, null, "u",
                params, metrics, Map.of(), List.of(), List.of());
    }

    private static LatestMetric metric(String key, double value) {
        return new LatestMetric(key, TrackingViews.metricValue(value), 0, Instant.EPOCH);
    }

    @Test
    void nonFiniteValuesAreRenderedAsMlflowStrings() {
        assertThat(TrackingViews.metricValue(Double.NaN)).isEqualTo("NaN");
        assertThat(TrackingViews.metricValue(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(TrackingViews.metricValue(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(TrackingViews.metricValue(0.5)).isEqualTo(0.5);
    }

    @Test
    void comparisonSplitsParamsAndGivesDifferencesToTheFirstRun() {
        Comparison c = TrackingController.comparison(List.of(
                run("a", Map.of("depth", "3", "lr", "0.1"), List.of(metric("f1", 0.5), metric("gap", 1))),
                run("b", Map.of("depth", "3", "lr", "0.2"), List.of(metric("f1", 0.75), metric("gap", Double.NaN))),
                run("c", Map.of("depth", "3"), List.of(metric("f1", Double.POSITIVE_INFINITY)))));
        assertThat(c.equalParams()).containsExactly(Map.entry("depth", "3"));
        assertThat(c.differingParams().get("lr")).containsEntry("a", "0.1").containsEntry("b", "0.2")
                .containsEntry("c", null);
        assertThat(c.metrics().get("f1")).containsExactly(new ComparedValue("a", 0.5, 0.0),
                new ComparedValue("b", 0.75, 0.25), new ComparedValue("c", "Infinity", "Infinity"));
        assertThat(c.metrics().get("gap")).containsExactly(new ComparedValue("a", 1.0, 0.0),
                new ComparedValue("b", "NaN", "NaN"), new ComparedValue("c", null, null));
        assertThat(c.runs()).extracting(TrackingViews.ComparedRun::codeCommit).containsExactly("c-a", "c-b", "c-c");
    }
}
