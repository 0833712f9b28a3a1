package dev.modelregistry.query.tracking;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The JSON answers of the tracking reads (docs/api.md, "Experiment tracking"). Metric values are
 * {@link #metricValue(double) numbers or the strings "NaN", "Infinity", "-Infinity"}.
 */
final class TrackingViews {

    private TrackingViews() {
    }

    /** JSON has no NaN or infinity: those values are rendered as MLflow's strings. */
    static Object metricValue(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        return value;
    }

    record Experiment(String experimentId, String namespace, String name, String description, Map<String, String> tags,
                      Instant createdAt, String createdBy, Instant updatedAt) {
    }

    /** A run in a listing: its latest metrics, without params, inputs and artifacts. */
    record RunSummary(String runId, String experimentId, String name, String status, Instant startTime,
                      Instant endTime, Long durationMs, Map<String, Object> metrics) {
    }

    record LatestMetric(String key, Object value, long step, Instant timestamp) {
    }

    record Input(String name, String sha256, String source, String context) {
    }

    record Artifact(String path, String sha256, Long size) {
    }

    record Run(String runId, String experimentId, String namespace, String name, String status, Instant startTime,
               Instant endTime, Long durationMs, String codeCommit, String framework, String frameworkVersion,
               JsonNode environment, String createdBy, Map<String, String> params, List<LatestMetric> metrics,
               Map<String, String> tags, List<Input> inputs, List<Artifact> artifacts) {
    }

    record MetricPoint(long step, Object value, Instant timestamp) {
    }

    /** One page of a metric's history; {@code downsampled} when max_points thinned it. */
    record MetricHistory(String runId, String key, List<MetricPoint> points, boolean downsampled, long totalPoints,
                         String nextPageToken) {
    }

    record ComparedRun(String runId, String experimentId, String name, String status, String codeCommit,
                       List<Input> datasets) {
    }

    /** One run's value of a metric and its difference to the first run's (null when either is missing). */
    record ComparedValue(String runId, Object value, Object differenceToFirst) {
    }

    /**
     * @param differingParams key -> run id -> value (null when the run lacks the key)
     * @param equalParams params every run has with the same value
     * @param metrics key -> the runs' latest values, in the order asked for
     */
    record Comparison(List<ComparedRun> runs, Map<String, Map<String, String>> differingParams,
                      Map<String, String> equalParams, Map<String, List<ComparedValue>> metrics) {
    }
}
