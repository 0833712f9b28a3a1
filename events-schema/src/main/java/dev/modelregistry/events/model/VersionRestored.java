package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;

/** The explicit way back from Archived: the version returns to stage None. */
@EventType(name = "dev.modelregistry.version.restored", version = 1)
public record VersionRestored(String model, int version) implements ModelEvent {
}
