package dev.modelregistry.command.access.aggregate;

import java.time.Instant;

/**
 * Records a new API token of the user. The id, the secret and the expiry are made by the sender (no ids
 * or clocks in the aggregate); only the id, the name and the expiry become part of the event.
 */
public record IssueApiToken(String username, String tokenId, String name, Instant expiresAt)
        implements UserCommand {
}
