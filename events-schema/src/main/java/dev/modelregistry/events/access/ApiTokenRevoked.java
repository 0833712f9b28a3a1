package dev.modelregistry.events.access;

import dev.modelregistry.events.EventType;

/** The API token no longer authenticates anyone. */
@EventType(name = "dev.modelregistry.user.api-token-revoked", version = 1)
public record ApiTokenRevoked(String username, String tokenId) implements UserEvent {
}
