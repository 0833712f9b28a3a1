package dev.modelregistry.command.model;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Points {@code alias} at {@code version}, moving it when it already points elsewhere. */
public record AssignAlias(@TargetAggregateIdentifier String model, String alias, int version) implements ModelCommand {
}
