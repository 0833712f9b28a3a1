package dev.modelregistry.access;

import java.util.Objects;

/**
 * Who sent the request, as the filter chain authenticated it. {@code name} is what events record as
 * their actor and what roles are granted to: a local username, or for an external OIDC token the
 * value of the configured principal claim. {@code tokenId} names the token used (the JWT id, or the
 * API token's id) so that a sign-out or a revocation can name it.
 */
public record RegistryPrincipal(String name, Method method, String tokenId, String sessionId) {

    public enum Method {
        /** an access token this registry issued at login or refresh */
        REGISTRY_TOKEN,
        /** a long-lived API token */
        API_TOKEN,
        /** a token of the configured external OIDC issuer */
        OIDC
    }

    public RegistryPrincipal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(method, "method");
    }
}
