package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;

/** The canary takes all traffic; the incumbent's move to Archived follows as its own event. */
@EventType(name = "dev.modelregistry.version.canary-finalized", version = 1)
public record CanaryFinalized(String model, int version, Integer incumbent) implements ModelEvent {
}
