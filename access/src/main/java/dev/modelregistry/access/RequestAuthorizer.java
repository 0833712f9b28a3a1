package dev.modelregistry.access;

import jakarta.servlet.http.HttpServletRequest;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The {@link Authorizer} of one service, over that service's {@link AccessGrants}. Services construct
 * it themselves ({@code new RequestAuthorizer(grants)}): one JVM may host several services, each with
 * its own grants, so the access module declares no bean of this type. The roles are looked up once per
 * request and grant store, shared with the filter chain's check.
 */
public final class RequestAuthorizer implements Authorizer {

    private static final String ROLES = RequestAuthorizer.class.getName() + ".roles";

    private final AccessGrants grants;

    public RequestAuthorizer(AccessGrants grants) {
        this.grants = Objects.requireNonNull(grants, "grants");
    }

    @Override
    public RegistryPrincipal principal() {
        return CurrentPrincipal.get();
    }

    @Override
    public AccessRoles roles() {
        String name = principal().name();
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        HttpServletRequest request = attributes instanceof ServletRequestAttributes servlet ? servlet.getRequest() : null;
        return rolesOf(request, grants, name);
    }

    /**
     * @param namespace the namespace of a namespace permission; null for a global permission or for
     *                  "in at least one namespace"
     */
    @Override
    public void require(Permission permission, String namespace) {
        AccessRoles roles = roles();
        boolean allowed = namespace == null ? allowsWithoutNamespace(roles, permission)
                : roles.allows(permission, namespace);
        if (!allowed) {
            throw new AccessDeniedProblem(permission, namespace);
        }
    }

    /** A global permission, or a namespace permission held in at least one namespace. */
    static boolean allowsWithoutNamespace(AccessRoles roles, Permission permission) {
        return switch (permission) {
            case READ, CONTRIBUTE, REVIEW, DEPLOY, ADMINISTER -> roles.allowsSomewhere(permission);
            case PUBLIC, AUTHENTICATED, AUDIT, GLOBAL_ADMIN -> roles.allows(permission, null);
        };
    }

    /** The principal's roles in the grant store, looked up once per request. */
    @SuppressWarnings("unchecked")
    static AccessRoles rolesOf(HttpServletRequest request, AccessGrants grants, String principal) {
        if (request == null) {
            return grants.rolesOf(principal);
        }
        Object cached = request.getAttribute(ROLES);
        Map<AccessGrants, AccessRoles> byStore;
        if (cached instanceof Map<?, ?> map) {
            byStore = (Map<AccessGrants, AccessRoles>) map;
        } else {
            byStore = new IdentityHashMap<>();
            request.setAttribute(ROLES, byStore);
        }
        return byStore.computeIfAbsent(grants, store -> store.rolesOf(principal));
    }
}
