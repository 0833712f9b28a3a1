package dev.modelregistry.events.tracking;

import dev.modelregistry.events.EventType;

/** The experiment is deleted (a tombstone: its runs stay readable with include_deleted). */
@EventType(name = "dev.modelregistry.experiment.deleted", version = 1)
public record ExperimentDeleted(String experimentId) implements ExperimentEvent {
}
