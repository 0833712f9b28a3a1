package dev.modelregistry.events.access;

/** Events of one user account; subject {@code user:<username>}. */
public sealed interface UserEvent extends AccessEvent
        permits UserCreated, UserPasswordChanged, UserDisabled, UserEnabled, ApiTokenIssued, ApiTokenRevoked,
        RefreshTokenReuseDetected {

    String username();

    @Override
    default String subject() {
        return AccessEvent.userSubject(username());
    }
}
