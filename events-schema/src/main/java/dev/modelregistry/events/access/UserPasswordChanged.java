package dev.modelregistry.events.access;

import dev.modelregistry.events.EventType;

/**
 * The user's password was changed (by the user, or reset by an admin: the actor says which). Every
 * refresh token of the user is revoked with it.
 */
@EventType(name = "dev.modelregistry.user.password-changed", version = 1)
public record UserPasswordChanged(String username) implements UserEvent {
}
