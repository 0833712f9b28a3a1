package dev.modelregistry.command.model;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The canary takes all traffic; the incumbent is archived. */
public record FinalizeCanary(@TargetAggregateIdentifier String model, int version) implements ModelCommand {
}
