package dev.modelregistry.command.model;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The version in Production before the current one returns; the current one is archived. No gates. */
public record RollBackProduction(@TargetAggregateIdentifier String model) implements ModelCommand {
}
