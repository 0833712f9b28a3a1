package dev.modelregistry.command.web;

/**
 * Who is acting. Until authentication lands this is the configured local principal
 * ({@code registry.local-principal}, default {@code local-admin}); it is never taken from a request
 * body. Authentication will replace this bean with one that reads the authenticated principal.
 */
public class CurrentActor {

    private final String localPrincipal;

    public CurrentActor(String localPrincipal) {
        if (localPrincipal == null || localPrincipal.isBlank()) {
            throw new IllegalArgumentException("registry.local-principal must not be empty");
        }
        this.localPrincipal = localPrincipal;
    }

    public String actor() {
        return localPrincipal;
    }
}
