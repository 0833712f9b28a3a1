package dev.modelregistry.command.access;

import dev.modelregistry.access.AccessTokens;
import dev.modelregistry.access.AccessTokens.IssuedToken;
import dev.modelregistry.access.RegistryPrincipal;
import dev.modelregistry.command.access.AccessTables.Credential;
import dev.modelregistry.command.access.AccessTables.RefreshRow;
import dev.modelregistry.command.access.AccessTables.UserRow;
import dev.modelregistry.command.access.aggregate.RecordRefreshTokenReuse;
import dev.modelregistry.command.gateway.EventMetaData;
import dev.modelregistry.events.access.AccessEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.common.transaction.TransactionManager;

/**
 * Signing in, rotating refresh tokens and signing out.
 *
 * <ul>
 *   <li>Login: an unknown user, a wrong password and a disabled account all get
 *       {@link AccessError.InvalidCredentials}; an unknown user still costs one bcrypt comparison. A
 *       login starts a session (the family of its refresh tokens) and answers an access token naming it
 *       ({@code sid}) and a refresh token.</li>
 *   <li>Refresh: the token's row and its session are locked, so two exchanges of one token are serial.
 *       A live, unused token is used up and replaced; one that was already used ends its whole session
 *       and records {@code RefreshTokenReuseDetected} (committed before the refusal is answered).</li>
 *   <li>Refresh tokens are 32 random bytes (base64url), stored as their SHA-256; each lives
 *       {@code registry.auth.refresh-token-ttl}, never past the session's
 *       {@code registry.auth.session-max-age}.</li>
 * </ul>
 */
public final class SignIns {

    /** The tokens of a login or a refresh; lifetimes in seconds. */
    public record Tokens(String accessToken, long expiresIn, String refreshToken, long refreshExpiresIn) {
    }

    private enum Refused { INVALID, REUSED }

    private record Exchange(Tokens tokens, Refused refused) {
    }

    private final AccessTables tables;
    private final AccessCommands commands;
    private final TransactionManager transactions;
    private final AccessTokens accessTokens;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Duration refreshTokenTtl;
    private final Duration sessionMaxAge;

    SignIns(AccessTables tables, AccessCommands commands, TransactionManager transactions, AccessTokens accessTokens,
            PasswordHasher hasher, Clock clock, Duration refreshTokenTtl, Duration sessionMaxAge) {
        this.tables = tables;
        this.commands = commands;
        this.transactions = transactions;
        this.accessTokens = accessTokens;
        this.hasher = hasher;
        this.clock = clock;
        this.refreshTokenTtl = refreshTokenTtl;
        this.sessionMaxAge = sessionMaxAge;
    }

    /** @throws AccessError.InvalidCredentials for an unknown user, a wrong password or a disabled account */
    public Tokens login(String username, String password) {
        Optional<Credential> credential = tables.credential(username);
        if (credential.isEmpty()) {
            hasher.matchesNobody(password);
            throw new AccessError.InvalidCredentials();
        }
        if (!hasher.matches(password, credential.get().passwordHash())) {
            throw new AccessError.InvalidCredentials();
        }
        if (tables.user(username).map(UserRow::disabled).orElse(true)) {
            throw new AccessError.InvalidCredentials();
        }
        return transactions.fetchInTransaction(() -> {
            Instant now = clock.instant();
            UUID session = UUID.randomUUID();
            Instant sessionExpires = now.plus(sessionMaxAge);
            tables.insertSession(session, username, now, sessionExpires);
            return tokens(username, session, now, sessionExpires);
        });
    }

    /**
     * @throws AccessError.RefreshTokenReused when the token was already exchanged (its session has ended)
     * @throws AccessError.InvalidRefreshToken when it is unknown, expired, or its session or user is not live
     */
    public Tokens refresh(String refreshToken, String correlationId) {
        byte[] hash = Secrets.sha256(refreshToken);
        // the user's advisory lock comes before the session rows, as in every other path that ends sessions
        Optional<String> owner = tables.refreshTokenOwner(hash);
        if (owner.isEmpty()) {
            throw new AccessError.InvalidRefreshToken();
        }
        Exchange exchange = transactions.fetchInTransaction(() -> {
            tables.lock(AccessEvent.userSubject(owner.get()));
            RefreshRow row = tables.lockRefreshToken(hash).orElse(null);
            if (row == null) {
                return new Exchange(null, Refused.INVALID);
            }
            Instant now = clock.instant();
            if (row.usedAt() != null) {
                if (tables.endSession(row.sessionId(), "refresh_token_reused", now)) {
                    commands.send(new RecordRefreshTokenReuse(row.username(), row.sessionId().toString()),
                            new EventMetaData(AccessRules.SYSTEM, correlationId, "a used refresh token was presented again"));
                }
                return new Exchange(null, Refused.REUSED);
            }
            if (row.sessionEndedAt() != null || !row.expiresAt().isAfter(now) || !row.sessionExpiresAt().isAfter(now)
                    || tables.user(row.username()).map(UserRow::disabled).orElse(true)) {
                return new Exchange(null, Refused.INVALID);
            }
            tables.useRefreshToken(hash, now);
            return new Exchange(tokens(row.username(), row.sessionId(), now, row.sessionExpiresAt()), null);
        });
        if (exchange.refused() == Refused.REUSED) {
            throw new AccessError.RefreshTokenReused();
        }
        if (exchange.refused() == Refused.INVALID) {
            throw new AccessError.InvalidRefreshToken();
        }
        return exchange.tokens();
    }

    /** Ends the caller's sign-in session; nothing to end for an API token or an external token. */
    public void logout(RegistryPrincipal principal) {
        if (principal.method() != RegistryPrincipal.Method.REGISTRY_TOKEN || principal.sessionId() == null) {
            return;
        }
        UUID session;
        try {
            session = UUID.fromString(principal.sessionId());
        } catch (IllegalArgumentException e) {
            return;
        }
        transactions.executeInTransaction(() -> tables.endSession(session, "logout", clock.instant()));
    }

    private Tokens tokens(String username, UUID session, Instant now, Instant sessionExpires) {
        String refreshToken = Secrets.randomToken(32);
        Instant refreshExpires = now.plus(refreshTokenTtl);
        if (refreshExpires.isAfter(sessionExpires)) {
            refreshExpires = sessionExpires;
        }
        tables.insertRefreshToken(Secrets.sha256(refreshToken), session, now, refreshExpires);
        IssuedToken access = accessTokens.issue(username, session.toString());
        return new Tokens(access.value(), seconds(now, access.expiresAt()), refreshToken, seconds(now, refreshExpires));
    }

    private static long seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toSeconds());
    }
}
