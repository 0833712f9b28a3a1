package dev.modelregistry.command.access;

import dev.modelregistry.access.Namespaces;
import dev.modelregistry.command.access.aggregate.AddTeamMember;
import dev.modelregistry.command.access.aggregate.CreateUser;
import dev.modelregistry.command.access.aggregate.GrantGlobalRole;
import dev.modelregistry.command.gateway.EventMetaData;
import dev.modelregistry.events.access.AccessEvent;
import dev.modelregistry.events.access.GlobalRole;
import java.time.Clock;
import java.util.UUID;
import org.axonframework.common.transaction.TransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first administrator of an empty registry: when no local user exists at all, creates
 * {@code registry.auth.bootstrap-admin.username} (default {@code admin}) with
 * {@code registry.auth.bootstrap-admin.password}, or with a random password printed once in a WARN
 * block of the log, grants it global admin and makes it a member of the team {@code default}; acting as {@code system}. Runs once the application is
 * ready. Two instances starting together are serialised by an advisory lock and the second finds the
 * user; the credential's primary key is the last guard. The repository holds no default password.
 */
final class BootstrapAdmin {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final AccessTables tables;
    private final AccessCommands commands;
    private final TransactionManager transactions;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final AccessSettings.BootstrapAdmin settings;

    BootstrapAdmin(AccessTables tables, AccessCommands commands, TransactionManager transactions, PasswordHasher hasher,
                   Clock clock, AccessSettings.BootstrapAdmin settings) {
        this.tables = tables;
        this.commands = commands;
        this.transactions = transactions;
        this.hasher = hasher;
        this.clock = clock;
        this.settings = settings;
        AccessRules.usernameProblem(settings.username()).ifPresent(problem -> {
            throw new IllegalArgumentException("registry.auth.bootstrap-admin.username: " + problem);
        });
        if (settings.password() != null) {
            AccessRules.passwordProblem(settings.password()).ifPresent(problem -> {
                throw new IllegalArgumentException("registry.auth.bootstrap-admin.password: " + problem);
            });
        }
    }

    /** @return true when this call created the administrator */
    boolean run() {
        if (!settings.enabled() || tables.anyUser()) {
            return false;
        }
        String username = settings.username();
        String password = settings.password() != null ? settings.password()
                : Secrets.randomToken(UserAccounts.GENERATED_PASSWORD_BYTES);
        String hash = hasher.hash(password);
        EventMetaData metaData = new EventMetaData(AccessRules.SYSTEM, "bootstrap-" + UUID.randomUUID(),
                "first start: the registry had no user");
        boolean created = transactions.fetchInTransaction(() -> {
            tables.lock("bootstrap");
            if (tables.anyUser() || tables.anyCredential()) {
                return false;
            }
            tables.lock(AccessEvent.GLOBAL_SUBJECT);
            tables.lock(AccessEvent.userSubject(username));
            commands.send(new CreateUser(username, "Administrator"), metaData);
            tables.insertCredential(username, hash, clock.instant());
            commands.send(new GrantGlobalRole(username, GlobalRole.ADMIN), metaData);
            // the team 'default' (which exists without being created) owns models registered without an
            // owner team in that namespace: its first member keeps them from being orphans
            tables.lock(AccessEvent.namespaceSubject(Namespaces.DEFAULT));
            commands.send(new AddTeamMember(Namespaces.DEFAULT, username), metaData);
            return true;
        });
        if (!created) {
            return false;
        }
        if (settings.password() == null) {
            log.warn("""

                    ************************************************************************
                    * The registry had no user: created the global admin '{}'.
                    * Its generated password, shown only this once:
                    *
                    *     {}
                    *
                    * Sign in (POST /api/v1/auth/login) and change it (POST /api/v1/auth/password).
                    ************************************************************************""",
                    username, password);
        } else {
            log.warn("The registry had no user: created the global admin '{}' with the configured password "
                    + "(registry.auth.bootstrap-admin.password).", username);
        }
        return true;
    }
}
