package dev.modelregistry.access;

/**
 * What an endpoint requires. The namespace permissions are held through {@code NamespaceRole}s in the
 * namespace the route's {@link RouteRule.Scope} names; global admin holds every permission, global
 * auditor holds {@link #READ} everywhere and {@link #AUDIT}.
 */
public enum Permission {
    /** No token needed (login, refresh, health, public keys). */
    PUBLIC,
    /** Any valid token, whatever its roles (who am I, my own API tokens, sign out). */
    AUTHENTICATED,
    /** viewer and every namespace role above it */
    READ,
    /** contributor, reviewer, deployer, admin: register models and versions, log runs, upload artifacts */
    CONTRIBUTE,
    /** reviewer, admin: move to Staging, approve */
    REVIEW,
    /** deployer, admin: move to Production, roll back, finish or abort a canary */
    DEPLOY,
    /** namespace admin: grants, team members, policies, owner reassignment */
    ADMINISTER,
    /** global auditor or global admin: the whole audit log, its verification and its stream */
    AUDIT,
    /** global admin only: users, namespaces, global roles, store maintenance, read-model rebuilds */
    GLOBAL_ADMIN
}
