package dev.modelregistry.command.access.aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.modelregistry.command.access.AccessError;
import dev.modelregistry.events.access.AccessEvent;
import dev.modelregistry.events.access.ApiTokenIssued;
import dev.modelregistry.events.access.ApiTokenRevoked;
import dev.modelregistry.events.access.RefreshTokenReuseDetected;
import dev.modelregistry.events.access.UserCreated;
import dev.modelregistry.events.access.UserDisabled;
import dev.modelregistry.events.access.UserEnabled;
import dev.modelregistry.events.access.UserPasswordChanged;
import java.util.HashMap;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One local user account ({@code user:<username>}): whether it exists and is enabled, and its API
 * tokens (ids only). Decisions:
 * <ul>
 *   <li>Creating an existing user is refused ({@code user_exists}); every other command on a user that
 *       was never created is refused by Axon finding no aggregate ({@code user_not_found}).</li>
 *   <li>Disabling a disabled user and enabling an enabled one record nothing. Disabling the last
 *       enabled global admin is refused ({@code last_admin}; the sender observed it).</li>
 *   <li>A disabled user gets no new API token; revoking a revoked token records nothing; a token the
 *       user never had is refused ({@code api_token_not_found}).</li>
 *   <li>Password changes and refresh-token reuse are always recorded (each is a fact worth auditing).</li>
 * </ul>
 * Secrets never reach it: hashes and tokens stay in the sender's credential tables.
 */
@Aggregate(type = "User")
class User {

    @AggregateIdentifier
    private String id;
    private String username;
    private boolean disabled;
    /** token id -> revoked */
    private final Map<String, Boolean> apiTokens = new HashMap<>();

    User() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    AccessChange handle(CreateUser command) {
        if (username != null) {
            throw new AccessError.UserExists(command.username());
        }
        apply(new UserCreated(command.username(), command.displayName()));
        return AccessChange.RECORDED;
    }

    @CommandHandler
    AccessChange handle(ChangePassword command) {
        apply(new UserPasswordChanged(username));
        return AccessChange.RECORDED;
    }

    @CommandHandler
    AccessChange handle(DisableUser command) {
        if (disabled) {
            return AccessChange.UNCHANGED;
        }
        if (command.lastActiveAdmin()) {
            throw new AccessError.LastAdmin(username);
        }
        apply(new UserDisabled(username, command.reason()));
        return AccessChange.RECORDED;
    }

    @CommandHandler
    AccessChange handle(EnableUser command) {
        if (!disabled) {
            return AccessChange.UNCHANGED;
        }
        apply(new UserEnabled(username));
        return AccessChange.RECORDED;
    }

    @CommandHandler
    AccessChange handle(IssueApiToken command) {
        if (disabled) {
            throw new AccessError.UserDisabled(username);
        }
        apply(new ApiTokenIssued(username, command.tokenId(), command.name(), command.expiresAt()));
        return AccessChange.RECORDED;
    }

    @CommandHandler
    AccessChange handle(RevokeApiToken command) {
        Boolean revoked = apiTokens.get(command.tokenId());
        if (revoked == null) {
            throw new AccessError.ApiTokenNotFound(command.tokenId());
        }
        if (revoked) {
            return AccessChange.UNCHANGED;
        }
        apply(new ApiTokenRevoked(username, command.tokenId()));
        return AccessChange.RECORDED;
    }

    @CommandHandler
    AccessChange handle(RecordRefreshTokenReuse command) {
        apply(new RefreshTokenReuseDetected(username, command.sessionId()));
        return AccessChange.RECORDED;
    }

    @EventSourcingHandler
    void on(UserCreated event) {
        id = AccessEvent.userSubject(event.username());
        username = event.username();
        disabled = false;
    }

    @EventSourcingHandler
    void on(UserDisabled event) {
        disabled = true;
    }

    @EventSourcingHandler
    void on(UserEnabled event) {
        disabled = false;
    }

    @EventSourcingHandler
    void on(ApiTokenIssued event) {
        apiTokens.put(event.tokenId(), false);
    }

    @EventSourcingHandler
    void on(ApiTokenRevoked event) {
        apiTokens.put(event.tokenId(), true);
    }
}
