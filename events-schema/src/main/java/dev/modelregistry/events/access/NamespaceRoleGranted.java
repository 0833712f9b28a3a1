package dev.modelregistry.events.access;

import dev.modelregistry.events.EventType;

/**
 * The principal (a local username or the principal name of an external OIDC identity) now holds the
 * role in the namespace.
 */
@EventType(name = "dev.modelregistry.namespace.role-granted", version = 1)
public record NamespaceRoleGranted(String namespace, String principal, NamespaceRole role)
        implements NamespaceEvent {
}
