package dev.modelregistry.events.tracking;

import java.time.Instant;

/**
 * One value of a metric at a step (MLflow Metric: key, value, timestamp, step). {@code value} may be NaN
 * or infinite, as MLflow accepts; in JSON such values are the strings {@code "NaN"}, {@code "Infinity"}
 * and {@code "-Infinity"}.
 */
public record MetricPoint(String key, double value, long step, Instant timestamp) {
}
