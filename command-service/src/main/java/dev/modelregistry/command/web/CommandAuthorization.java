package dev.modelregistry.command.web;

import dev.modelregistry.access.AccessDeniedProblem;
import dev.modelregistry.access.Authorizer;
import dev.modelregistry.access.Permission;

/**
 * The checks the command handlers make themselves, on the command side's grants (the access module's
 * {@code RequestAuthorizer}, constructed over them; not a bean of type {@link Authorizer}, since the
 * query side has its own in the same JVM): the namespace of a model named in a body, the deploy
 * permission of a transition, the owner of an API token. The filter chain has already checked each
 * route's own rule ({@link CommandRoutes}).
 */
public final class CommandAuthorization {

    private final Authorizer authorizer;

    public CommandAuthorization(Authorizer authorizer) {
        this.authorizer = authorizer;
    }

    /** @throws AccessDeniedProblem answered 403 {@code forbidden} with the permission and the namespace */
    public void require(Permission permission, String namespace) {
        authorizer.require(permission, namespace);
    }

    /**
     * Refuses, before a body is read, a caller who holds the permission in no namespace: whatever the body
     * names, the answer would be 403, and validation answers must not tell such a caller anything.
     *
     * @throws AccessDeniedProblem answered 403 {@code forbidden} with the permission
     */
    public void requireSomewhere(Permission permission) {
        if (!authorizer.roles().allowsSomewhere(permission)) {
            throw new AccessDeniedProblem(permission, null);
        }
    }

    /** Whether the caller holds the permission in the namespace (null: a global permission). */
    public boolean allows(Permission permission, String namespace) {
        return authorizer.roles().allows(permission, namespace);
    }
}
