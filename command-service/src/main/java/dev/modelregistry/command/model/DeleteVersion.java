package dev.modelregistry.command.model;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DeleteVersion(@TargetAggregateIdentifier String model, int version) implements ModelCommand {
}
