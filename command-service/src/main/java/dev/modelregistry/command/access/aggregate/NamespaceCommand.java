package dev.modelregistry.command.access.aggregate;

import dev.modelregistry.events.access.AccessEvent;

/** Commands of one namespace and its team ({@code namespace:<namespace>}). */
public sealed interface NamespaceCommand extends AccessCommand
        permits CreateNamespace, AddTeamMember, RemoveTeamMember, GrantNamespaceRole, RevokeNamespaceRole {

    String namespace();

    @Override
    default String aggregateId() {
        return AccessEvent.namespaceSubject(namespace());
    }
}
