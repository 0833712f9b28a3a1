package dev.modelregistry.command.model;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * {@code approver} (the authenticated principal) approves a promotion request of the version: the one
 * named, or the version's latest open request when {@code requestId} is null.
 */
public record ApprovePromotion(@TargetAggregateIdentifier String model, int version, String requestId,
                               String approver) implements ModelCommand {
}
