package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;

/**
 * Someone asked for the version to go to Production (with a canary share when {@code canaryPercent} is
 * set), citing an evaluation report or not. Approvals name this {@code requestId}.
 */
@EventType(name = "dev.modelregistry.version.promotion-requested", version = 1)
public record PromotionRequested(String model, int version, String requestId, Integer canaryPercent,
                                 String evaluationReportId) implements ModelEvent {
}
