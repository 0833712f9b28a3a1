package dev.modelregistry.events.access;

import dev.modelregistry.events.EventType;
import java.time.Instant;

/**
 * A long-lived API token (for CI) was issued to the user. The token itself was shown once to its
 * requester and only its hash is stored; {@code tokenId} is the public part that names it.
 * {@code expiresAt} is null for a token that does not expire.
 */
@EventType(name = "dev.modelregistry.user.api-token-issued", version = 1)
public record ApiTokenIssued(String username, String tokenId, String name, Instant expiresAt)
        implements UserEvent {
}
