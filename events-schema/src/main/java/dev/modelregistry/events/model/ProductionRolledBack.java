package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;

/**
 * Production went back to the version that was there before: {@code fromVersion} leaves Production,
 * {@code toVersion} returns (their stage moves follow as their own events).
 */
@EventType(name = "dev.modelregistry.model.production-rolled-back", version = 1)
public record ProductionRolledBack(String model, int fromVersion, int toVersion) implements ModelEvent {
}
