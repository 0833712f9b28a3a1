package dev.modelregistry.command.tracking.aggregate;

/** Deletes a run (a tombstone); deleting it again records nothing. */
public record DeleteRun(String runId) implements RunCommand {
}
