package dev.modelregistry.command.access.aggregate;

import dev.modelregistry.events.access.GlobalRole;

/**
 * Revokes a global role. {@code lastActiveAdmin} is what the sender observed under the global access
 * lock: no enabled principal other than this one holds global admin. Revoking admin from that principal
 * is refused, so the registry always keeps an administrator.
 */
public record RevokeGlobalRole(String principal, GlobalRole role, boolean lastActiveAdmin)
        implements GlobalAccessCommand {
}
