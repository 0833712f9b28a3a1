package dev.modelregistry.command.model;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Asks for the version to go to Production; {@code requestId} is made by the sender. */
public record RequestPromotion(@TargetAggregateIdentifier String model, int version, String requestId,
                               Integer canaryPercent, String evaluationReportId) implements ModelCommand {
}
