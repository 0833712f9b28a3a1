package dev.modelregistry.access;

import java.util.Objects;
import org.springframework.http.HttpMethod;

/**
 * The authorization rule of one endpoint: its method and path pattern (Spring's {@code PathPattern}
 * syntax, as in the controller mapping), the permission it needs and where the namespace that
 * permission is checked in comes from. Every endpoint has exactly one rule; a request that matches no
 * rule is refused.
 */
public record RouteRule(HttpMethod method, String pattern, Permission permission, Scope scope) {

    /** Where the namespace of a namespace permission comes from. */
    public enum Scope {
        /**
         * No namespace: a global permission; for a namespace permission, holding it in at least one
         * namespace ({@link AccessRoles#allowsSomewhere(Permission)}). Listings are {@code AUTHENTICATED}
         * with {@code NONE} and filter their answer to what the caller may read.
         */
        NONE,
        /** The path variable {@code {name}}, a model name ({@link Namespaces#namespaceOf(String)}). */
        MODEL,
        /** The path variable {@code {namespace}}. */
        NAMESPACE,
        /**
         * Only known to the handler (a model name in the request body): the filter requires a valid token
         * and the handler calls {@link Authorizer#require(Permission, String)} before it changes anything.
         */
        HANDLER
    }

    public RouteRule {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(permission, "permission");
        Objects.requireNonNull(scope, "scope");
        boolean namespaced = switch (permission) {
            case READ, CONTRIBUTE, REVIEW, DEPLOY, ADMINISTER -> true;
            case PUBLIC, AUTHENTICATED, AUDIT, GLOBAL_ADMIN -> false;
        };
        if (!namespaced && scope != Scope.NONE) {
            throw new IllegalArgumentException(permission + " is global: its scope must be NONE (" + pattern + ")");
        }
        if (scope == Scope.MODEL && !pattern.contains("{name}")) {
            throw new IllegalArgumentException("MODEL scope needs a {name} variable: " + pattern);
        }
        if (scope == Scope.NAMESPACE && !pattern.contains("{namespace}")) {
            throw new IllegalArgumentException("NAMESPACE scope needs a {namespace} variable: " + pattern);
        }
    }

    public static RouteRule of(HttpMethod method, String pattern, Permission permission, Scope scope) {
        return new RouteRule(method, pattern, permission, scope);
    }
}
