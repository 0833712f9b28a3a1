package dev.modelregistry.command.access.aggregate;

import dev.modelregistry.events.access.AccessEvent;
import dev.modelregistry.events.access.GlobalRole;

/** Commands of the one global access aggregate ({@code access:global}): global roles. */
public sealed interface GlobalAccessCommand extends AccessCommand permits GrantGlobalRole, RevokeGlobalRole {

    String principal();

    GlobalRole role();

    @Override
    default String aggregateId() {
        return AccessEvent.GLOBAL_SUBJECT;
    }
}
