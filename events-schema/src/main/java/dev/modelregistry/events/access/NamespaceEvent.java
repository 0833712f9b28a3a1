package dev.modelregistry.events.access;

/** Events of one namespace and the team that owns it; subject {@code namespace:<namespace>}. */
public sealed interface NamespaceEvent extends AccessEvent
        permits NamespaceCreated, TeamMemberAdded, TeamMemberRemoved, NamespaceRoleGranted, NamespaceRoleRevoked {

    String namespace();

    @Override
    default String subject() {
        return AccessEvent.namespaceSubject(namespace());
    }
}
