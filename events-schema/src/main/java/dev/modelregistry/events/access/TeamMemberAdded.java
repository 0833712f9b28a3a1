package dev.modelregistry.events.access;

import dev.modelregistry.events.EventType;

/**
 * The user joined the namespace's team. Membership is ownership (a model whose owning team has no
 * members left is an orphan); what a member may do comes from role grants.
 */
@EventType(name = "dev.modelregistry.namespace.member-added", version = 1)
public record TeamMemberAdded(String namespace, String username) implements NamespaceEvent {
}
