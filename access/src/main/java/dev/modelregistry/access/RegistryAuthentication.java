package dev.modelregistry.access;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * An authenticated bearer token. Carries no authorities: permissions come from the grants of the
 * service that serves the route, looked up per request. The token itself is not kept.
 */
final class RegistryAuthentication extends AbstractAuthenticationToken {

    private final RegistryPrincipal principal;

    RegistryAuthentication(RegistryPrincipal principal) {
        super(List.of());
        this.principal = principal;
        setAuthenticated(true);
    }

    @Override
    public RegistryPrincipal getPrincipal() {
        return principal;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public String getName() {
        return principal.name();
    }
}
