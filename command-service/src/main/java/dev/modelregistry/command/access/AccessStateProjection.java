package dev.modelregistry.command.access;

import dev.modelregistry.events.access.GlobalRoleGranted;
import dev.modelregistry.events.access.GlobalRoleRevoked;
import dev.modelregistry.events.access.NamespaceCreated;
import dev.modelregistry.events.access.NamespaceRoleGranted;
import dev.modelregistry.events.access.NamespaceRoleRevoked;
import dev.modelregistry.events.access.TeamMemberAdded;
import dev.modelregistry.events.access.TeamMemberRemoved;
import dev.modelregistry.events.access.UserCreated;
import dev.modelregistry.events.access.UserDisabled;
import dev.modelregistry.events.access.UserEnabled;
import java.time.Instant;
import dev.modelregistry.command.eventstore.CommandSideProjections;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;

/**
 * Keeps the command side's access state (users and whether they are disabled, namespaces, members,
 * grants) in step with the events, in the subscribing processor {@value CommandSideProjections#PROCESSOR}: inside the unit of
 * work of the command that produced them, on the same database transaction, failures propagated. So
 * the state the authorization of the next request reads is exactly what the event log says, with no
 * lag. Subscribing processors see only new events; the tables start empty with migration V3, before
 * the first access event. Inserts ignore rows already present and deletes rows already gone.
 */
@ProcessingGroup(CommandSideProjections.PROCESSOR)
class AccessStateProjection {


    private final AccessTables tables;

    AccessStateProjection(AccessTables tables) {
        this.tables = tables;
    }

    @EventHandler
    void on(UserCreated event, @Timestamp Instant at) {
        tables.userCreated(event.username(), event.displayName(), at);
    }

    @EventHandler
    void on(UserDisabled event) {
        tables.userDisabled(event.username(), true);
    }

    @EventHandler
    void on(UserEnabled event) {
        tables.userDisabled(event.username(), false);
    }

    @EventHandler
    void on(NamespaceCreated event, @Timestamp Instant at) {
        tables.namespaceCreated(event.namespace(), event.description(), at);
    }

    @EventHandler
    void on(TeamMemberAdded event, @Timestamp Instant at) {
        tables.memberAdded(event.namespace(), event.username(), at);
    }

    @EventHandler
    void on(TeamMemberRemoved event) {
        tables.memberRemoved(event.namespace(), event.username());
    }

    @EventHandler
    void on(NamespaceRoleGranted event, @Timestamp Instant at) {
        tables.namespaceRoleGranted(event.namespace(), event.principal(), event.role(), at);
    }

    @EventHandler
    void on(NamespaceRoleRevoked event) {
        tables.namespaceRoleRevoked(event.namespace(), event.principal(), event.role());
    }

    @EventHandler
    void on(GlobalRoleGranted event, @Timestamp Instant at) {
        tables.globalRoleGranted(event.principal(), event.role(), at);
    }

    @EventHandler
    void on(GlobalRoleRevoked event) {
        tables.globalRoleRevoked(event.principal(), event.role());
    }
}
