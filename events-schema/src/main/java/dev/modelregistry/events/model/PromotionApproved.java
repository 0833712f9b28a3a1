package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;

/** An approver of the policy approved the promotion request (never the version's author). */
@EventType(name = "dev.modelregistry.version.promotion-approved", version = 1)
public record PromotionApproved(String model, int version, String requestId, String approver) implements ModelEvent {
}
