package dev.modelregistry.access;

import java.util.Optional;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The principal the filter chain authenticated for the current request. */
public final class CurrentPrincipal {

    private CurrentPrincipal() {
    }

    /**
     * @throws AuthenticationCredentialsNotFoundException when the request carries no valid token (only on
     *     {@link Permission#PUBLIC} routes); the filter chain answers it as 401 {@code unauthenticated}
     */
    public static RegistryPrincipal get() {
        return find().orElseThrow(() -> new AuthenticationCredentialsNotFoundException("no principal"));
    }

    /** Empty on a public route called without a token. */
    public static Optional<RegistryPrincipal> find() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof RegistryPrincipal principal
                ? Optional.of(principal) : Optional.empty();
    }
}
