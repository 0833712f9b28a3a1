package dev.modelregistry.command.access.aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.modelregistry.access.Namespaces;
import dev.modelregistry.command.access.AccessError;
import dev.modelregistry.events.access.AccessEvent;
import dev.modelregistry.events.access.NamespaceCreated;
import dev.modelregistry.events.access.NamespaceEvent;
import dev.modelregistry.events.access.NamespaceRole;
import dev.modelregistry.events.access.NamespaceRoleGranted;
import dev.modelregistry.events.access.NamespaceRoleRevoked;
import dev.modelregistry.events.access.TeamMemberAdded;
import dev.modelregistry.events.access.TeamMemberRemoved;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One namespace and the team that owns it ({@code namespace:<namespace>}): whether it exists, its
 * members and its role grants. The namespace {@code default} exists without being created (creating it
 * is refused as {@code namespace_exists}); its aggregate starts with its first member or grant.
 * Adding a member twice, granting a held role, removing a non-member and revoking a role not held
 * record nothing (idempotent); any of them on a namespace that does not exist is refused
 * ({@code namespace_not_found}).
 */
@Aggregate(type = "Namespace")
class Namespace {

    @AggregateIdentifier
    private String id;
    private boolean exists;
    private final Set<String> members = new HashSet<>();
    private final Map<String, Set<NamespaceRole>> grants = new HashMap<>();

    Namespace() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    AccessChange handle(CreateNamespace command) {
        if (exists || Namespaces.DEFAULT.equals(command.namespace())) {
            throw new AccessError.NamespaceExists(command.namespace());
        }
        apply(new NamespaceCreated(command.namespace(), command.description()));
        return AccessChange.RECORDED;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    AccessChange handle(AddTeamMember command) {
        requireExists(command);
        if (members.contains(command.username())) {
            return AccessChange.UNCHANGED;
        }
        apply(new TeamMemberAdded(command.namespace(), command.username()));
        return AccessChange.RECORDED;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    AccessChange handle(RemoveTeamMember command) {
        requireExists(command);
        if (!members.contains(command.username())) {
            return AccessChange.UNCHANGED;
        }
        apply(new TeamMemberRemoved(command.namespace(), command.username()));
        return AccessChange.RECORDED;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    AccessChange handle(GrantNamespaceRole command) {
        requireExists(command);
        if (grants.getOrDefault(command.principal(), Set.of()).contains(command.role())) {
            return AccessChange.UNCHANGED;
        }
        apply(new NamespaceRoleGranted(command.namespace(), command.principal(), command.role()));
        return AccessChange.RECORDED;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    AccessChange handle(RevokeNamespaceRole command) {
        requireExists(command);
        if (!grants.getOrDefault(command.principal(), Set.of()).contains(command.role())) {
            return AccessChange.UNCHANGED;
        }
        apply(new NamespaceRoleRevoked(command.namespace(), command.principal(), command.role()));
        return AccessChange.RECORDED;
    }

    private void requireExists(NamespaceCommand command) {
        if (!exists && !Namespaces.DEFAULT.equals(command.namespace())) {
            throw new AccessError.NamespaceNotFound(command.namespace());
        }
    }

    // the first event of "default" may be any of them
    private void identify(NamespaceEvent event) {
        if (id == null) {
            id = AccessEvent.namespaceSubject(event.namespace());
        }
    }

    @EventSourcingHandler
    void on(NamespaceCreated event) {
        identify(event);
        exists = true;
    }

    @EventSourcingHandler
    void on(TeamMemberAdded event) {
        identify(event);
        members.add(event.username());
    }

    @EventSourcingHandler
    void on(TeamMemberRemoved event) {
        identify(event);
        members.remove(event.username());
    }

    @EventSourcingHandler
    void on(NamespaceRoleGranted event) {
        identify(event);
        grants.computeIfAbsent(event.principal(), p -> EnumSet.noneOf(NamespaceRole.class)).add(event.role());
    }

    @EventSourcingHandler
    void on(NamespaceRoleRevoked event) {
        identify(event);
        Set<NamespaceRole> held = grants.get(event.principal());
        if (held != null) {
            held.remove(event.role());
            if (held.isEmpty()) {
                grants.remove(event.principal());
            }
        }
    }
}
