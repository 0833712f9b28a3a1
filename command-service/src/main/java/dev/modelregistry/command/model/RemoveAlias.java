package dev.modelregistry.command.model;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RemoveAlias(@TargetAggregateIdentifier String model, String alias) implements ModelCommand {
}
