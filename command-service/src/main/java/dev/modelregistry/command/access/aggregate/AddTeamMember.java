package dev.modelregistry.command.access.aggregate;

public record AddTeamMember(String namespace, String username) implements NamespaceCommand {
}
