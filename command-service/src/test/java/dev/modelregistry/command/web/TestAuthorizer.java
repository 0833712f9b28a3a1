package dev.modelregistry.command.web;

import dev.modelregistry.access.AccessDeniedProblem;
import dev.modelregistry.access.AccessRoles;
import dev.modelregistry.access.Authorizer;
import dev.modelregistry.access.Permission;
import dev.modelregistry.access.RegistryPrincipal;
import dev.modelregistry.events.access.GlobalRole;
import dev.modelregistry.events.access.NamespaceRole;
import java.util.Map;
import java.util.Set;

/**
 * The authenticated caller of a standalone MockMvc test (no filter chain there): a fixed principal with
 * fixed roles, checked with the access module's own {@link AccessRoles} rules.
 */
final class TestAuthorizer implements Authorizer {

    RegistryPrincipal principal;
    AccessRoles roles;

    TestAuthorizer(String name, AccessRoles roles) {
        this.principal = new RegistryPrincipal(name, RegistryPrincipal.Method.REGISTRY_TOKEN, "jti-1", "sid-1");
        this.roles = roles;
    }

    static TestAuthorizer globalAdmin(String name) {
        return new TestAuthorizer(name, new AccessRoles(Set.of(GlobalRole.ADMIN), Map.of()));
    }

    static TestAuthorizer withRoles(String name, String namespace, NamespaceRole... held) {
        return new TestAuthorizer(name, new AccessRoles(Set.of(), Map.of(namespace, Set.of(held))));
    }

    CurrentActor actor() {
        return new CurrentActor(() -> principal);
    }

    CommandAuthorization authorization() {
        return new CommandAuthorization(this);
    }

    @Override
    public RegistryPrincipal principal() {
        return principal;
    }

    @Override
    public AccessRoles roles() {
        return roles;
    }

    @Override
    public void require(Permission permission, String namespace) {
        boolean allowed = namespace == null ? roles.allowsSomewhere(permission) : roles.allows(permission, namespace);
        if (!allowed) {
            throw new AccessDeniedProblem(permission, namespace);
        }
    }
}
