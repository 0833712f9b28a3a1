package dev.modelregistry.command.tracking.aggregate;

/** Deletes an experiment (a tombstone); deleting it again records nothing. */
public record DeleteExperiment(String experimentId) implements ExperimentCommand {
}
