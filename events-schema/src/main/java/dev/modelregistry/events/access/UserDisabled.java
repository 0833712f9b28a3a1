package dev.modelregistry.events.access;

import dev.modelregistry.events.EventType;

/**
 * The account may no longer sign in and holds no role while disabled; its refresh and API tokens stop
 * working. Its memberships stay (a removed member is {@link TeamMemberRemoved}) but a team whose
 * members are all disabled has no members left for ownership.
 */
@EventType(name = "dev.modelregistry.user.disabled", version = 1)
public record UserDisabled(String username, String reason) implements UserEvent {
}
