package dev.modelregistry.events.model;

/**
 * A metric a candidate may not lose against the current Production version by more than
 * {@code tolerance} (absolute; {@code higherIsBetter} says which direction is a loss).
 */
public record RegressionLimit(String metric, double tolerance, boolean higherIsBetter) {
}
