package dev.modelregistry.events.tracking;

import dev.modelregistry.events.EventType;

/** The run is deleted (a tombstone). */
@EventType(name = "dev.modelregistry.run.deleted", version = 1)
public record RunDeleted(String runId) implements RunEvent {
}
