package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;

/** An alias now points at {@code version}; {@code previousVersion} is null for a new alias. */
@EventType(name = "dev.modelregistry.alias.assigned", version = 1)
public record AliasAssigned(String model, String alias, int version, Integer previousVersion) implements ModelEvent {
}
