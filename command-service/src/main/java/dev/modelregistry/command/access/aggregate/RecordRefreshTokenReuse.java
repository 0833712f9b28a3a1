package dev.modelregistry.command.access.aggregate;

/** A used-up refresh token of the session was presented again; the sender ended the session. */
public record RecordRefreshTokenReuse(String username, String sessionId) implements UserCommand {
}
