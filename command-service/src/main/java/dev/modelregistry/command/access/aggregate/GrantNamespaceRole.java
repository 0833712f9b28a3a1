package dev.modelregistry.command.access.aggregate;

import dev.modelregistry.events.access.NamespaceRole;

public record GrantNamespaceRole(String namespace, String principal, NamespaceRole role) implements NamespaceCommand {
}
