package dev.modelregistry.command.access.aggregate;

import dev.modelregistry.events.access.AccessEvent;

/** Commands of one local user account ({@code user:<username>}). */
public sealed interface UserCommand extends AccessCommand
        permits CreateUser, ChangePassword, DisableUser, EnableUser, IssueApiToken, RevokeApiToken,
        RecordRefreshTokenReuse {

    String username();

    @Override
    default String aggregateId() {
        return AccessEvent.userSubject(username());
    }
}
