package dev.modelregistry.events.tracking;

/** A hyperparameter of a run (MLflow Param). Immutable once logged: the same key with another value is refused. */
public record Param(String key, String value) {
}
