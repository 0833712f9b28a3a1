package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;

@EventType(name = "dev.modelregistry.alias.removed", version = 1)
public record AliasRemoved(String model, String alias, int version) implements ModelEvent {
}
