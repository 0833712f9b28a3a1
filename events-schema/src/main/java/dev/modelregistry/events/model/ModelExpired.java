package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;
import java.time.Instant;

/**
 * No version was registered for the configured period after a warning: the model is expired. Its
 * versions can no longer be promoted until a new version is registered.
 */
@EventType(name = "dev.modelregistry.model.expired", version = 1)
public record ModelExpired(String model, Instant lastVersionAt) implements ModelEvent {
}
