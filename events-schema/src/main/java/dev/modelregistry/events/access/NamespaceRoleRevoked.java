package dev.modelregistry.events.access;

import dev.modelregistry.events.EventType;

/** The principal no longer holds the role in the namespace. */
@EventType(name = "dev.modelregistry.namespace.role-revoked", version = 1)
public record NamespaceRoleRevoked(String namespace, String principal, NamespaceRole role)
        implements NamespaceEvent {
}
