package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;
import java.util.List;

/**
 * A promotion to Production was refused, with every check that failed. Recorded because a refused
 * promotion matters to history; nothing else changed. {@code requestId} is null for a one-call promotion
 * without a request.
 */
@EventType(name = "dev.modelregistry.version.promotion-refused", version = 1)
public record PromotionRefused(String model, int version, String requestId, List<FailedCheck> failedChecks)
        implements ModelEvent {

    public PromotionRefused {
        failedChecks = List.copyOf(failedChecks);
    }
}
