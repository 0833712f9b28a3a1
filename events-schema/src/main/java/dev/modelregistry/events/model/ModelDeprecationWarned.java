package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;
import java.time.Instant;

/**
 * Deprecation pressure: no version was registered since {@code lastVersionAt}; unless one is, the model
 * expires at {@code expiresAt}.
 */
@EventType(name = "dev.modelregistry.model.deprecation-warned", version = 1)
public record ModelDeprecationWarned(String model, Instant lastVersionAt, Instant expiresAt) implements ModelEvent {
}
