package dev.modelregistry.command.model;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteModel(@TargetAggregateIdentifier String model) implements ModelCommand {
}
