package dev.modelregistry.command.access.aggregate;

/**
 * Disables the account. {@code lastActiveAdmin} is what the sender observed, under the global access
 * lock, in the command side's access state: the user holds global admin and no other enabled principal
 * does. Disabling that user is refused, so the registry always keeps an administrator.
 */
public record DisableUser(String username, String reason, boolean lastActiveAdmin) implements UserCommand {
}
