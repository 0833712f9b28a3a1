package dev.modelregistry.command.web;

import dev.modelregistry.access.RegistryPrincipal;
import java.util.function.Supplier;

/**
 * Who is acting: the principal the filter chain authenticated for this request (the access module's
 * {@code CurrentPrincipal}), never a request field. Its name is the actor of every event the request
 * produces. Work the registry does on its own (the collector, the bootstrap) records a {@code system}
 * actor instead and does not go through here.
 */
public class CurrentActor {

    private final Supplier<RegistryPrincipal> principal;

    public CurrentActor(Supplier<RegistryPrincipal> principal) {
        this.principal = principal;
    }

    /** @throws org.springframework.security.core.AuthenticationException when the request is not authenticated */
    public RegistryPrincipal principal() {
        return principal.get();
    }

    public String actor() {
        return principal().name();
    }
}
