package dev.modelregistry.access;

import dev.modelregistry.events.access.GlobalRole;
import dev.modelregistry.events.access.NamespaceRole;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The global roles and the roles per namespace one principal holds, and what they allow. */
public record AccessRoles(Set<GlobalRole> global, Map<String, Set<NamespaceRole>> namespaces) {

    public static final AccessRoles NONE = new AccessRoles(Set.of(), Map.of());

    public AccessRoles {
        global = global.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(global));
        Map<String, Set<NamespaceRole>> copy = new TreeMap<>();
        namespaces.forEach((namespace, roles) -> {
            if (!roles.isEmpty()) {
                copy.put(namespace, Set.copyOf(roles));
            }
        });
        namespaces = Map.copyOf(copy);
    }

    /** Whether these roles allow the permission in the namespace (ignored for global permissions). */
    public boolean allows(Permission permission, String namespace) {
        if (global.contains(GlobalRole.ADMIN)) {
            return true;
        }
        Set<NamespaceRole> held = namespace == null ? Set.of() : namespaces.getOrDefault(namespace, Set.of());
        return switch (permission) {
            case PUBLIC, AUTHENTICATED -> true;
            case AUDIT -> global.contains(GlobalRole.AUDITOR);
            case GLOBAL_ADMIN -> false;
            case READ -> global.contains(GlobalRole.AUDITOR) || !held.isEmpty();
            case CONTRIBUTE -> held.contains(NamespaceRole.CONTRIBUTOR) || held.contains(NamespaceRole.REVIEWER)
                    || held.contains(NamespaceRole.DEPLOYER) || held.contains(NamespaceRole.ADMIN);
            case REVIEW -> held.contains(NamespaceRole.REVIEWER) || held.contains(NamespaceRole.ADMIN);
            case DEPLOY -> held.contains(NamespaceRole.DEPLOYER) || held.contains(NamespaceRole.ADMIN);
            case ADMINISTER -> held.contains(NamespaceRole.ADMIN);
        };
    }

    /**
     * Whether these roles allow the permission in at least one namespace: the check of a route whose
     * permission is a namespace permission but whose scope is {@link RouteRule.Scope#NONE} (uploading an
     * artifact needs contributor somewhere).
     */
    public boolean allowsSomewhere(Permission permission) {
        return allows(permission, null) || namespaces.keySet().stream().anyMatch(ns -> allows(permission, ns));
    }

    /** Whether the principal may read every namespace (global auditor or admin). */
    public boolean readsEverything() {
        return !global.isEmpty();
    }

    /** The namespaces the principal may read; meaningless when {@link #readsEverything()}. */
    public Set<String> readableNamespaces() {
        return new TreeSet<>(namespaces.keySet());
    }
}
