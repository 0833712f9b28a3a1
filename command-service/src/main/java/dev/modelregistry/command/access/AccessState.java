package dev.modelregistry.command.access;

import dev.modelregistry.access.AccessGrants;
import dev.modelregistry.access.Namespaces;

/**
 * What the command side's endpoints are authorized against: the grants in its access state. A holder
 * rather than an {@link AccessGrants} bean, so that an application hosting the query side too (with its
 * own grants) has no two beans of that type; the command side's route table takes its grants from here.
 */
public final class AccessState {

    private final AccessGrants grants;
    private final AccessTables tables;

    AccessState(AccessGrants grants, AccessTables tables) {
        this.grants = grants;
        this.tables = tables;
    }

    public AccessGrants grants() {
        return grants;
    }

    /** Whether a team of that name exists: a created namespace, or {@code default}, which always exists. */
    public boolean teamExists(String team) {
        return Namespaces.DEFAULT.equals(team) || tables.namespaceExists(team);
    }

    /** Whether the team has at least one enabled member (a team without one orphans the models it owns). */
    public boolean teamStaffed(String team) {
        return tables.teamStaffed(team);
    }
}
