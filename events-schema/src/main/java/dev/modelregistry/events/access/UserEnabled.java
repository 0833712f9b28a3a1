package dev.modelregistry.events.access;

import dev.modelregistry.events.EventType;

/** A disabled account was enabled again. */
@EventType(name = "dev.modelregistry.user.enabled", version = 1)
public record UserEnabled(String username) implements UserEvent {
}
