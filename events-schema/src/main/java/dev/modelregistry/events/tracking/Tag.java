package dev.modelregistry.events.tracking;

/** A tag of an experiment or a run (MLflow RunTag / ExperimentTag). Tags may be overwritten; the last value holds. */
public record Tag(String key, String value) {
}
