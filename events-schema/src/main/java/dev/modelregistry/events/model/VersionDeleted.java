package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;

/**
 * Tombstone for one version. Aliases that pointed at it are removed by their own
 * {@link AliasRemoved} events, recorded before this one.
 */
@EventType(name = "dev.modelregistry.version.deleted", version = 1)
public record VersionDeleted(String model, int version) implements ModelEvent {
}
