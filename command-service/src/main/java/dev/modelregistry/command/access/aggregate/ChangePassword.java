package dev.modelregistry.command.access.aggregate;

/** Records that the user's password changed (the new hash is written by the sender, never in an event). */
public record ChangePassword(String username) implements UserCommand {
}
