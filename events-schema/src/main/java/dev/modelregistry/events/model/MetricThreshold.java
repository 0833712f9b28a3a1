package dev.modelregistry.events.model;

/** A metric a version must reach to be promoted: at least {@code min} and at most {@code max} (either may be null). */
public record MetricThreshold(String metric, Double min, Double max) {
}
