package dev.modelregistry.events.access;

import dev.modelregistry.events.EventType;

/** A local user account was created (its password hash is kept outside the event log). */
@EventType(name = "dev.modelregistry.user.created", version = 1)
public record UserCreated(String username, String displayName) implements UserEvent {
}
