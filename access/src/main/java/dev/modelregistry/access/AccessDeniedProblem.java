package dev.modelregistry.access;

import org.springframework.security.access.AccessDeniedException;

/**
 * The principal lacks the permission in the namespace. Answered as 403 problem+json with code
 * {@code forbidden}, the permission and the namespace (never which roles the caller holds).
 */
public class AccessDeniedProblem extends AccessDeniedException {

    private final Permission permission;
    private final String namespace;

    public AccessDeniedProblem(Permission permission, String namespace) {
        super("forbidden");
        this.permission = permission;
        this.namespace = namespace;
    }

    public Permission permission() {
        return permission;
    }

    public String namespace() {
        return namespace;
    }
}
