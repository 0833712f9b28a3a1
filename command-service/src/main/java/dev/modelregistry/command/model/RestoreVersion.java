package dev.modelregistry.command.model;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The only way back from Archived: the version returns to stage None. */
public record RestoreVersion(@TargetAggregateIdentifier String model, int version) implements ModelCommand {
}
