package dev.modelregistry.query.access;

import dev.modelregistry.access.AccessRoles;
import dev.modelregistry.access.Authorizer;
import dev.modelregistry.access.Permission;
import dev.modelregistry.access.RegistryPrincipal;
import dev.modelregistry.access.RequestAuthorizer;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * What the caller of the current request may read, for the listings and searches whose route is
 * {@code AUTHENTICATED}: they keep their answer to these namespaces. A {@link RequestAuthorizer} over
 * the query side's own grants (those {@link QueryRoutes} checks routes against), so a request looks
 * its roles up once.
 */
@Component("queryReadScope")
public class ReadScope {

    private final Authorizer authorizer;

    ReadScope(QueryRoutes routes) {
        this.authorizer = new RequestAuthorizer(routes.grants());
    }

    public RegistryPrincipal principal() {
        return authorizer.principal();
    }

    public AccessRoles roles() {
        return authorizer.roles();
    }

    /**
     * Handler-side check of a route whose scope is HANDLER: the caller holds the permission in the
     * namespace (null: a global permission such as AUDIT).
     *
     * @throws dev.modelregistry.access.AccessDeniedProblem answered as 403 {@code forbidden}
     */
    public void require(Permission permission, String namespace) {
        authorizer.require(permission, namespace);
    }

    /** The namespaces the caller may read; null when it may read every namespace (global auditor or admin). */
    public Set<String> readableNamespaces() {
        AccessRoles roles = roles();
        return roles.readsEverything() ? null : roles.readableNamespaces();
    }
}
