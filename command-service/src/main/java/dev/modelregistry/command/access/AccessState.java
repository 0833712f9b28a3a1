package dev.modelregistry.command.access;

import dev.modelregistry.access.AccessGrants;

/**
 * What the command side's endpoints are authorized against: the grants in its access state. A holder
 * rather than an {@link AccessGrants} bean, so that an application hosting the query side too (with its
 * own grants) has no two beans of that type; the command side's route table takes its grants from here.
 */
public final class AccessState {

    private final AccessGrants grants;

    AccessState(AccessGrants grants) {
        this.grants = grants;
    }

    public AccessGrants grants() {
        return grants;
    }
}
