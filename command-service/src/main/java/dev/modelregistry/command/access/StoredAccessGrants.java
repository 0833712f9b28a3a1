package dev.modelregistry.command.access;

import dev.modelregistry.access.AccessGrants;
import dev.modelregistry.access.AccessRoles;

/**
 * The roles a principal holds now, from the command side's access state (one query): its global and
 * namespace grants, or none while it is a disabled local user. The state is written in the transaction
 * of each access command, so a revocation counts from the next request on.
 */
final class StoredAccessGrants implements AccessGrants {

    private final AccessTables tables;

    StoredAccessGrants(AccessTables tables) {
        this.tables = tables;
    }

    @Override
    public AccessRoles rolesOf(String principal) {
        return tables.roles(principal);
    }
}
