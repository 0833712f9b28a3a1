package dev.modelregistry.access;

/**
 * Checks made by handlers themselves: namespaces known only from a request body
 * ({@link RouteRule.Scope#HANDLER}) and listings filtered to what the caller may read. Each service
 * makes one from its own {@link AccessGrants}.
 */
public interface Authorizer {

    /** The authenticated principal of the current request. */
    RegistryPrincipal principal();

    /** The current principal's roles. */
    AccessRoles roles();

    /**
     * @throws AccessDeniedProblem when the current principal lacks the permission in the namespace; the
     *     filter chain's handler answers it as 403 problem+json {@code forbidden}
     */
    void require(Permission permission, String namespace);
}
