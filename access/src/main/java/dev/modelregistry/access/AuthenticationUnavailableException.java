package dev.modelregistry.access;

import org.springframework.security.core.AuthenticationException;

/**
 * A token could not be checked because something it is checked against did not answer (the external
 * issuer's key set, the credential or session store). Answered 503, not 401: the token may be good.
 */
final class AuthenticationUnavailableException extends AuthenticationException {

    AuthenticationUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
