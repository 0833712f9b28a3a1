package dev.modelregistry.events.access;

import dev.modelregistry.events.EventType;

/** The principal now holds a global role (auditor or admin); subject {@code access:global}. */
@EventType(name = "dev.modelregistry.access.global-role-granted", version = 1)
public record GlobalRoleGranted(String principal, GlobalRole role) implements AccessEvent {

    @Override
    public String subject() {
        return GLOBAL_SUBJECT;
    }
}
