package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;

/** The canary was stopped: it leaves Production (its stage move follows), the incumbent keeps all traffic. */
@EventType(name = "dev.modelregistry.version.canary-aborted", version = 1)
public record CanaryAborted(String model, int version, Integer incumbent) implements ModelEvent {
}
