package dev.modelregistry.command.access;

import dev.modelregistry.access.SessionStatus;
import java.time.Clock;
import java.util.UUID;

/**
 * A sign-in session is live while it has not ended (logout, refresh-token reuse, password change,
 * account disabled) and is younger than {@code registry.auth.session-max-age}: one primary-key lookup per
 * request with a registry access token, so an ended session's access tokens stop at once.
 */
final class StoredSessionStatus implements SessionStatus {

    private final AccessTables tables;
    private final Clock clock;

    StoredSessionStatus(AccessTables tables, Clock clock) {
        this.tables = tables;
        this.clock = clock;
    }

    @Override
    public boolean isActive(String sessionId) {
        UUID id;
        try {
            id = UUID.fromString(sessionId);
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
        return tables.session(id)
                .filter(session -> session.endedAt() == null && session.expiresAt().isAfter(clock.instant()))
                .isPresent();
    }
}
