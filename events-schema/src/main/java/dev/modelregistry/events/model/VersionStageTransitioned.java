package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;

/**
 * A version moved from one stage to another. When a promotion to Production archives the
 * incumbent, the incumbent's move to Archived is its own event, recorded before the promotion.
 */
@EventType(name = "dev.modelregistry.version.stage-transitioned", version = 1)
public record VersionStageTransitioned(String model, int version, Stage from, Stage to) implements ModelEvent {
}
