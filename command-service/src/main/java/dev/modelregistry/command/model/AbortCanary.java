package dev.modelregistry.command.model;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The canary leaves Production (archived); the incumbent keeps all traffic. */
public record AbortCanary(@TargetAggregateIdentifier String model, int version) implements ModelCommand {
}
