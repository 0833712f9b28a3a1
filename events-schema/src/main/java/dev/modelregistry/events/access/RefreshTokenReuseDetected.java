package dev.modelregistry.events.access;

import dev.modelregistry.events.EventType;

/**
 * A refresh token that had already been exchanged was presented again: someone holds a copy. Every
 * token of that sign-in ({@code sessionId}, the family of rotated refresh tokens) was revoked.
 */
@EventType(name = "dev.modelregistry.user.refresh-token-reuse-detected", version = 1)
public record RefreshTokenReuseDetected(String username, String sessionId) implements UserEvent {
}
