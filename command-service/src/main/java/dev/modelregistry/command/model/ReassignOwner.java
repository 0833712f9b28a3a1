package dev.modelregistry.command.model;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Gives the model to another team; the sender checked that the team exists. */
public record ReassignOwner(@TargetAggregateIdentifier String model, String ownerTeam) implements ModelCommand {
}
