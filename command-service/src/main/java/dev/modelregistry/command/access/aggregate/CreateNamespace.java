package dev.modelregistry.command.access.aggregate;

public record CreateNamespace(String namespace, String description) implements NamespaceCommand {
}
