package dev.modelregistry.access;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

/**
 * The token of the {@code Authorization: Bearer} header (never a query parameter or form field), except
 * on public routes, which ignore it: a client holding an expired access token must still be able to log
 * in or refresh.
 */
final class RegistryBearerTokenResolver implements BearerTokenResolver {

    private final DefaultBearerTokenResolver header = new DefaultBearerTokenResolver();
    private final RouteAuthorization routes;

    RegistryBearerTokenResolver(RouteAuthorization routes) {
        this.routes = routes;
    }

    @Override
    public String resolve(HttpServletRequest request) {
        return routes.isPublic(request) ? null : header.resolve(request);
    }
}
