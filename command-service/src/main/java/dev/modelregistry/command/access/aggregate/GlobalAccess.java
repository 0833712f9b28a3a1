package dev.modelregistry.command.access.aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.modelregistry.command.access.AccessError;
import dev.modelregistry.events.access.AccessEvent;
import dev.modelregistry.events.access.GlobalRole;
import dev.modelregistry.events.access.GlobalRoleGranted;
import dev.modelregistry.events.access.GlobalRoleRevoked;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The global roles of the registry ({@code access:global}, one aggregate). Granting a held role and
 * revoking a role not held record nothing; revoking admin from the last enabled admin is refused
 * ({@code last_admin}): the sender observed whether any other enabled principal holds admin, and the
 * aggregate also refuses to drop the last admin grant it knows of, whatever the sender said.
 */
@Aggregate(type = "GlobalAccess")
class GlobalAccess {

    @AggregateIdentifier
    private String id;
    private final Map<String, Set<GlobalRole>> holders = new HashMap<>();

    GlobalAccess() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    AccessChange handle(GrantGlobalRole command) {
        if (holders.getOrDefault(command.principal(), Set.of()).contains(command.role())) {
            return AccessChange.UNCHANGED;
        }
        apply(new GlobalRoleGranted(command.principal(), command.role()));
        return AccessChange.RECORDED;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    AccessChange handle(RevokeGlobalRole command) {
        if (!holders.getOrDefault(command.principal(), Set.of()).contains(command.role())) {
            return AccessChange.UNCHANGED;
        }
        if (command.role() == GlobalRole.ADMIN && (command.lastActiveAdmin() || adminCount() <= 1)) {
            throw new AccessError.LastAdmin(command.principal());
        }
        apply(new GlobalRoleRevoked(command.principal(), command.role()));
        return AccessChange.RECORDED;
    }

    private long adminCount() {
        return holders.values().stream().filter(roles -> roles.contains(GlobalRole.ADMIN)).count();
    }

    @EventSourcingHandler
    void on(GlobalRoleGranted event) {
        id = AccessEvent.GLOBAL_SUBJECT;
        holders.computeIfAbsent(event.principal(), p -> EnumSet.noneOf(GlobalRole.class)).add(event.role());
    }

    @EventSourcingHandler
    void on(GlobalRoleRevoked event) {
        id = AccessEvent.GLOBAL_SUBJECT;
        Set<GlobalRole> held = holders.get(event.principal());
        if (held != null) {
            held.remove(event.role());
            if (held.isEmpty()) {
                holders.remove(event.principal());
            }
        }
    }
}
