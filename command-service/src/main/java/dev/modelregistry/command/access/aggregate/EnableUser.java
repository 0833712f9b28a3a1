package dev.modelregistry.command.access.aggregate;

public record EnableUser(String username) implements UserCommand {
}
