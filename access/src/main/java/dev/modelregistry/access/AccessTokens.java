package dev.modelregistry.access;

import java.time.Instant;

/**
 * Issues the short-lived access tokens of this registry: JWTs signed with {@link SigningKeys#current()},
 * with {@code iss} = {@code registry.auth.issuer}, {@code sub} = the username, {@code sid} = the sign-in
 * session and a unique {@code jti}; valid for {@code registry.auth.access-token-ttl}.
 */
public interface AccessTokens {

    IssuedToken issue(String username, String sessionId);

    record IssuedToken(String value, String tokenId, Instant expiresAt) {
    }
}
