package dev.modelregistry.command.access.aggregate;

public record RemoveTeamMember(String namespace, String username) implements NamespaceCommand {
}
