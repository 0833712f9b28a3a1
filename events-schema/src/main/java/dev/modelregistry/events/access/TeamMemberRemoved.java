package dev.modelregistry.events.access;

import dev.modelregistry.events.EventType;

/** The user left the namespace's team. */
@EventType(name = "dev.modelregistry.namespace.member-removed", version = 1)
public record TeamMemberRemoved(String namespace, String username) implements NamespaceEvent {
}
