package dev.modelregistry.command.model;

import java.time.Instant;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Deprecation pressure from the scheduled job: no version since {@code lastVersionAt}. Records nothing
 * when the model has registered a version since (its own last version time differs) or was already
 * warned for that time, so the job may send it again safely.
 */
public record WarnOfDeprecation(@TargetAggregateIdentifier String model, Instant lastVersionAt, Instant expiresAt)
        implements ModelCommand {
}
