package dev.modelregistry.command.access;

import dev.modelregistry.command.access.AccessCommands.Sent;
import dev.modelregistry.command.access.aggregate.AddTeamMember;
import dev.modelregistry.command.access.aggregate.CreateNamespace;
import dev.modelregistry.command.access.aggregate.GrantGlobalRole;
import dev.modelregistry.command.access.aggregate.GrantNamespaceRole;
import dev.modelregistry.command.access.aggregate.NamespaceCommand;
import dev.modelregistry.command.access.aggregate.RemoveTeamMember;
import dev.modelregistry.command.access.aggregate.RevokeGlobalRole;
import dev.modelregistry.command.access.aggregate.RevokeNamespaceRole;
import dev.modelregistry.command.gateway.EventMetaData;
import dev.modelregistry.events.access.AccessEvent;
import dev.modelregistry.events.access.GlobalRole;
import dev.modelregistry.events.access.NamespaceRole;
import org.axonframework.common.transaction.TransactionManager;

/**
 * Namespaces, their teams and role grants, and global roles. Every change runs in a transaction holding
 * the aggregate's advisory lock; a change to global admins also reads, under the global lock, whether
 * another enabled admin remains. Granting a held role or adding a member twice records nothing.
 */
public final class AccessAdministration {

    private final AccessTables tables;
    private final AccessCommands commands;
    private final TransactionManager transactions;

    AccessAdministration(AccessTables tables, AccessCommands commands, TransactionManager transactions) {
        this.tables = tables;
        this.commands = commands;
        this.transactions = transactions;
    }

    public Change createNamespace(String namespace, String description, EventMetaData metaData) {
        return namespaceChange(new CreateNamespace(namespace, description), metaData);
    }

    public Change addMember(String namespace, String username, EventMetaData metaData) {
        return namespaceChange(new AddTeamMember(namespace, username), metaData);
    }

    public Change removeMember(String namespace, String username, EventMetaData metaData) {
        return namespaceChange(new RemoveTeamMember(namespace, username), metaData);
    }

    public Change grant(String namespace, String principal, NamespaceRole role, EventMetaData metaData) {
        return namespaceChange(new GrantNamespaceRole(namespace, principal, role), metaData);
    }

    public Change revoke(String namespace, String principal, NamespaceRole role, EventMetaData metaData) {
        return namespaceChange(new RevokeNamespaceRole(namespace, principal, role), metaData);
    }

    public Change grantGlobal(String principal, GlobalRole role, EventMetaData metaData) {
        return transactions.fetchInTransaction(() -> {
            tables.lock(AccessEvent.GLOBAL_SUBJECT);
            Sent sent = commands.send(new GrantGlobalRole(principal, role), metaData);
            return new Change(sent.recorded(), sent.position());
        });
    }

    /** @throws AccessError.LastAdmin when revoking admin would leave no enabled admin */
    public Change revokeGlobal(String principal, GlobalRole role, EventMetaData metaData) {
        return transactions.fetchInTransaction(() -> {
            tables.lock(AccessEvent.GLOBAL_SUBJECT);
            boolean lastAdmin = role == GlobalRole.ADMIN && !tables.otherActiveAdminExists(principal);
            Sent sent = commands.send(new RevokeGlobalRole(principal, role, lastAdmin), metaData);
            return new Change(sent.recorded(), sent.position());
        });
    }

    private Change namespaceChange(NamespaceCommand command, EventMetaData metaData) {
        return transactions.fetchInTransaction(() -> {
            tables.lock(command.aggregateId());
            Sent sent = commands.send(command, metaData);
            return new Change(sent.recorded(), sent.position());
        });
    }
}
