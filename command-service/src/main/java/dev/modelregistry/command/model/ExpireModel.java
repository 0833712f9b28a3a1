package dev.modelregistry.command.model;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Expires a warned model still without a version since {@code lastVersionAt}; idempotent like the warning. */
public record ExpireModel(@TargetAggregateIdentifier String model, Instant lastVersionAt) implements ModelCommand {
}
