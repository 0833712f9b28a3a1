package dev.modelregistry.command.access;

import dev.modelregistry.access.ApiTokenVerifier;
import dev.modelregistry.access.RegistryPrincipal;
import dev.modelregistry.command.access.AccessCommands.Sent;
import dev.modelregistry.command.access.AccessTables.ApiTokenRow;
import dev.modelregistry.command.access.aggregate.IssueApiToken;
import dev.modelregistry.command.access.aggregate.RevokeApiToken;
import dev.modelregistry.command.gateway.EventMetaData;
import dev.modelregistry.events.access.AccessEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import org.axonframework.common.transaction.TransactionManager;

/**
 * Long-lived API tokens {@code mrt_<token id>_<secret>}: the id is 12 random bytes in hex (public, in the
 * events), the secret 32 random bytes base64url, stored only as its SHA-256 and shown once. Issuing and
 * revoking write the row and the event in one transaction holding the user's lock.
 *
 * <p>As {@link ApiTokenVerifier}: the presented secret's hash is compared in constant time (with a
 * dummy hash when the id is unknown, so an unknown id takes as long); a revoked or expired token, or one
 * of a disabled or unknown user, authenticates nobody. The last use is recorded at most once per
 * {@code registry.auth.api-tokens.last-used-interval}.
 */
public final class ApiTokens implements ApiTokenVerifier {

    private static final Pattern TOKEN_ID = Pattern.compile("[0-9a-f]{24}");
    private static final byte[] NO_HASH = Secrets.sha256("no token has this secret");

    public record Issued(String tokenId, String token, String name, Instant expiresAt, long position) {
    }

    private final AccessTables tables;
    private final AccessCommands commands;
    private final TransactionManager transactions;
    private final Clock clock;
    private final AccessSettings.ApiTokens settings;

    ApiTokens(AccessTables tables, AccessCommands commands, TransactionManager transactions, Clock clock,
              AccessSettings.ApiTokens settings) {
        this.tables = tables;
        this.commands = commands;
        this.transactions = transactions;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * @param expiresInDays null for {@code registry.auth.api-tokens.default-expiry}
     * @throws AccessError.LocalUserRequired when the caller is no local user
     */
    public Issued issue(RegistryPrincipal principal, String name, Integer expiresInDays, EventMetaData metaData) {
        String username = principal.name();
        String tokenId = Secrets.randomHex(12);
        String secret = Secrets.randomToken(32);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(expiresInDays == null ? settings.defaultExpiry() : Duration.ofDays(expiresInDays));
        long position = transactions.fetchInTransaction(() -> {
            tables.lock(AccessEvent.userSubject(username));
            Sent sent;
            try {
                sent = commands.send(new IssueApiToken(username, tokenId, name, expiresAt), metaData);
            } catch (AccessError.UserNotFound e) {
                throw new AccessError.LocalUserRequired(username);
            }
            tables.insertApiToken(tokenId, username, name, Secrets.sha256(secret), now, expiresAt);
            return sent.position();
        });
        return new Issued(tokenId, PREFIX + tokenId + "_" + secret, name, expiresAt, position);
    }

    /**
     * Revokes one of the caller's tokens, or any token when {@code anyOwner} (a global admin).
     *
     * @throws AccessError.ApiTokenNotFound when no such token is the caller's (or exists, for an admin)
     */
    public Change revoke(String caller, String tokenId, boolean anyOwner, EventMetaData metaData) {
        ApiTokenRow row = (TOKEN_ID.matcher(tokenId).matches() ? tables.apiToken(tokenId) : Optional.<ApiTokenRow>empty())
                .filter(token -> anyOwner || token.username().equals(caller))
                .orElseThrow(() -> new AccessError.ApiTokenNotFound(tokenId));
        return transactions.fetchInTransaction(() -> {
            tables.lock(AccessEvent.userSubject(row.username()));
            Sent sent = commands.send(new RevokeApiToken(row.username(), tokenId), metaData);
            tables.revokeApiToken(tokenId, clock.instant());
            return new Change(sent.recorded(), sent.position());
        });
    }

    @Override
    public Optional<RegistryPrincipal> verify(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = token.substring(PREFIX.length());
        int separator = rest.indexOf('_');
        if (separator < 0) {
            return Optional.empty();
        }
        String tokenId = rest.substring(0, separator);
        byte[] presented = Secrets.sha256(rest.substring(separator + 1));
        Optional<ApiTokenRow> row = TOKEN_ID.matcher(tokenId).matches() ? tables.apiToken(tokenId) : Optional.empty();
        boolean matches = Secrets.same(presented, row.map(ApiTokenRow::secretHash).orElse(NO_HASH));
        if (row.isEmpty() || !matches) {
            return Optional.empty();
        }
        ApiTokenRow found = row.get();
        Instant now = clock.instant();
        if (found.revokedAt() != null || (found.expiresAt() != null && !found.expiresAt().isAfter(now))
                || found.ownerDisabled()) {
            return Optional.empty();
        }
        if (found.lastUsedAt() == null || found.lastUsedAt().isBefore(now.minus(settings.lastUsedInterval()))) {
            tables.touchApiToken(tokenId, now, now.minus(settings.lastUsedInterval()));
        }
        return Optional.of(new RegistryPrincipal(found.username(), RegistryPrincipal.Method.API_TOKEN, tokenId, null));
    }
}
