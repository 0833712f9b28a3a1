package dev.modelregistry.command.access.aggregate;

import dev.modelregistry.events.access.NamespaceRole;

public record RevokeNamespaceRole(String namespace, String principal, NamespaceRole role)
        implements NamespaceCommand {
}
