package dev.modelregistry.access;

/**
 * The roles a principal holds now, from the service's own store (the command side's access tables or
 * the query side's read model). A disabled or unknown user holds no roles.
 */
public interface AccessGrants {

    AccessRoles rolesOf(String principal);
}
