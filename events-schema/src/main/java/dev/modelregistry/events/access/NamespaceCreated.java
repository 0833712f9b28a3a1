package dev.modelregistry.events.access;

import dev.modelregistry.events.EventType;

/**
 * A namespace and the team that owns it were created (one team per namespace, same name). Models named
 * {@code <namespace>.<model>} belong to it; a name without a dot belongs to {@code default}, which
 * exists without being created.
 */
@EventType(name = "dev.modelregistry.namespace.created", version = 1)
public record NamespaceCreated(String namespace, String description) implements NamespaceEvent {
}
