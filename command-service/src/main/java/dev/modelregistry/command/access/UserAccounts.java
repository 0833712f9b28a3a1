package dev.modelregistry.command.access;

import dev.modelregistry.access.RegistryPrincipal;
import dev.modelregistry.command.access.AccessCommands.Sent;
import dev.modelregistry.command.access.aggregate.ChangePassword;
import dev.modelregistry.command.access.aggregate.CreateUser;
import dev.modelregistry.command.access.aggregate.DisableUser;
import dev.modelregistry.command.access.aggregate.EnableUser;
import dev.modelregistry.command.gateway.EventMetaData;
import dev.modelregistry.events.access.AccessEvent;
import dev.modelregistry.events.access.GlobalRole;
import java.time.Clock;
import java.time.Instant;
import org.axonframework.common.transaction.TransactionManager;

/**
 * Local user accounts: creation, password changes and resets, disabling and enabling. Each runs in one
 * database transaction that holds the user's advisory lock (and the global one first when global admins
 * are counted), writes the credential and sends the command, so the password hash and the event commit
 * together: a refused command leaves no credential row, and a failed commit no event. Changing or
 * resetting a password and disabling an account end every sign-in session of the user.
 */
public final class UserAccounts {

    /** Length of generated passwords in random bytes (base64url: 32 characters, 192 bits). */
    static final int GENERATED_PASSWORD_BYTES = 24;

    /** A created user; {@code generatedPassword} is set only when the registry made the password. */
    public record Created(String username, String displayName, String generatedPassword, long position) {
    }

    public record Reset(String password, long position) {
    }

    private final AccessTables tables;
    private final AccessCommands commands;
    private final TransactionManager transactions;
    private final PasswordHasher hasher;
    private final Clock clock;

    UserAccounts(AccessTables tables, AccessCommands commands, TransactionManager transactions, PasswordHasher hasher,
                 Clock clock) {
        this.tables = tables;
        this.commands = commands;
        this.transactions = transactions;
        this.hasher = hasher;
        this.clock = clock;
    }

    /**
     * @param password null to generate one
     * @throws AccessError.UserExists when the username is taken
     */
    public Created create(String username, String displayName, String password, EventMetaData metaData) {
        String actual = password != null ? password : Secrets.randomToken(GENERATED_PASSWORD_BYTES);
        String hash = hasher.hash(actual);
        long position = transactions.fetchInTransaction(() -> {
            tables.lock(AccessEvent.userSubject(username));
            Sent sent = commands.send(new CreateUser(username, displayName), metaData);
            tables.insertCredential(username, hash, clock.instant());
            return sent.position();
        });
        return new Created(username, displayName, password == null ? actual : null, position);
    }

    /**
     * The caller changes their own password; every session of theirs ends.
     *
     * @throws AccessError.LocalUserRequired when the caller is no local user
     * @throws AccessError.WrongPassword when {@code currentPassword} is not theirs
     */
    public long changeOwnPassword(RegistryPrincipal principal, String currentPassword, String newPassword,
                                  EventMetaData metaData) {
        String username = principal.name();
        String stored = tables.credential(username).map(AccessTables.Credential::passwordHash)
                .orElseThrow(() -> new AccessError.LocalUserRequired(username));
        if (!hasher.matches(currentPassword, stored)) {
            throw new AccessError.WrongPassword();
        }
        return setPassword(username, hasher.hash(newPassword), metaData);
    }

    /** An admin gives the user a new generated password; every session of the user ends. */
    public Reset resetPassword(String username, EventMetaData metaData) {
        String password = Secrets.randomToken(GENERATED_PASSWORD_BYTES);
        return new Reset(password, setPassword(username, hasher.hash(password), metaData));
    }

    private long setPassword(String username, String hash, EventMetaData metaData) {
        return transactions.fetchInTransaction(() -> {
            tables.lock(AccessEvent.userSubject(username));
            Sent sent = commands.send(new ChangePassword(username), metaData);
            Instant now = clock.instant();
            tables.updateCredential(username, hash, now);
            tables.endSessionsOf(username, "password_changed", now);
            return sent.position();
        });
    }

    /**
     * Disables the account and ends its sessions (its API tokens stop authenticating while it is disabled).
     *
     * @throws AccessError.LastAdmin when it is the last enabled global admin
     */
    public Change disable(String username, String reason, EventMetaData metaData) {
        return transactions.fetchInTransaction(() -> {
            tables.lock(AccessEvent.GLOBAL_SUBJECT);
            tables.lock(AccessEvent.userSubject(username));
            boolean lastAdmin = tables.holdsGlobal(username, GlobalRole.ADMIN)
                    && !tables.otherActiveAdminExists(username);
            Sent sent = commands.send(new DisableUser(username, reason, lastAdmin), metaData);
            tables.endSessionsOf(username, "user_disabled", clock.instant());
            return new Change(sent.recorded(), sent.position());
        });
    }

    public Change enable(String username, EventMetaData metaData) {
        return transactions.fetchInTransaction(() -> {
            tables.lock(AccessEvent.GLOBAL_SUBJECT);
            tables.lock(AccessEvent.userSubject(username));
            Sent sent = commands.send(new EnableUser(username), metaData);
            return new Change(sent.recorded(), sent.position());
        });
    }
}
