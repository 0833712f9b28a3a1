package dev.modelregistry.command.access;

import dev.modelregistry.command.refusal.CommandRefusal;

/**
 * Every way the access feature refuses a request: the refusals of the {@code User}, {@code Namespace}
 * and {@code GlobalAccess} aggregates and those of signing in, tokens and passwords. Sealed, so the REST
 * layer maps each one to an HTTP status with an exhaustive switch; {@link #code()} is stable (it ends the
 * problem type URI) and {@link #field()} names the request field at fault. Messages are written for the
 * API user; they never say whether a username exists when the answer must not (sign-in).
 */
public abstract sealed class AccessError extends CommandRefusal {

    private AccessError(String code, String field, String message) {
        super(code, field, message);
    }

    // ------------------------------------------------------------------------------ users

    public static final class UserExists extends AccessError {
        public UserExists(String username) {
            super("user_exists", "username", "User '" + username + "' already exists.");
        }
    }

    public static final class UserNotFound extends AccessError {
        public UserNotFound(String username) {
            super("user_not_found", "username", "There is no local user '" + username + "'.");
        }
    }

    /** A disabled account gets no new API token. */
    public static final class UserDisabled extends AccessError {
        public UserDisabled(String username) {
            super("user_disabled", "username", "User '" + username + "' is disabled.");
        }
    }

    /** Passwords and API tokens belong to local accounts; an external (OIDC) principal has neither. */
    public static final class LocalUserRequired extends AccessError {
        public LocalUserRequired(String principal) {
            super("local_user_required", null, "'" + principal
                    + "' signed in through an external identity provider; only local users have a password "
                    + "or API tokens here.");
        }
    }

    /** The change would leave the registry without an enabled global admin. */
    public static final class LastAdmin extends AccessError {
        public LastAdmin(String principal) {
            super("last_admin", "principal", "'" + principal
                    + "' is the last enabled global admin; grant admin to someone else first.");
        }
    }

    // ------------------------------------------------------------------------------ namespaces

    public static final class NamespaceExists extends AccessError {
        public NamespaceExists(String namespace) {
            super("namespace_exists", "namespace", "Namespace '" + namespace + "' already exists.");
        }
    }

    public static final class NamespaceNotFound extends AccessError {
        public NamespaceNotFound(String namespace) {
            super("namespace_not_found", "namespace", "Namespace '" + namespace + "' does not exist.");
        }
    }

    // ------------------------------------------------------------------------------ sign-in and tokens

    /** Unknown user, wrong password and disabled account: one answer, so it tells nothing. */
    public static final class InvalidCredentials extends AccessError {
        public InvalidCredentials() {
            super("invalid_credentials", null, "The username or the password is wrong.");
        }
    }

    /** The current password given to change a password is wrong. */
    public static final class WrongPassword extends AccessError {
        public WrongPassword() {
            super("wrong_password", "current_password", "The current password is wrong; nothing was changed.");
        }
    }

    /** Unknown, expired or revoked refresh token, or one of an ended session. */
    public static final class InvalidRefreshToken extends AccessError {
        public InvalidRefreshToken() {
            super("invalid_refresh_token", "refresh_token",
                    "The refresh token is unknown, expired or revoked; sign in again.");
        }
    }

    /** A refresh token that was already exchanged: someone holds a copy, so its whole session ended. */
    public static final class RefreshTokenReused extends AccessError {
        public RefreshTokenReused() {
            super("refresh_token_reused", "refresh_token", "This refresh token was already used; for safety "
                    + "its whole sign-in session has ended. Sign in again.");
        }
    }

    /** No API token with this id belongs to the caller (or, for a global admin, exists). */
    public static final class ApiTokenNotFound extends AccessError {
        public ApiTokenNotFound(String tokenId) {
            super("api_token_not_found", "token_id", "There is no API token '" + tokenId + "' of yours.");
        }
    }
}
