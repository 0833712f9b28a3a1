package dev.modelregistry.events.access;

import dev.modelregistry.events.EventType;

/** The principal no longer holds the global role; subject {@code access:global}. */
@EventType(name = "dev.modelregistry.access.global-role-revoked", version = 1)
public record GlobalRoleRevoked(String principal, GlobalRole role) implements AccessEvent {

    @Override
    public String subject() {
        return GLOBAL_SUBJECT;
    }
}
