package dev.modelregistry.command.access.aggregate;

/** Creates a local account; its password hash is written by the sender, outside the event log. */
public record CreateUser(String username, String displayName) implements UserCommand {
}
