package dev.modelregistry.access;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Authorizes every request against the rules of all {@link RouteTable} beans: the first rule whose
 * method and path pattern match decides, and the roles come from that table's grants. A request that
 * matches no rule is refused when a handler would serve it (deny by default: an endpoint without a
 * rule is a bug, logged as an error) and passes on otherwise, so that MVC answers 404 or 405.
 */
final class RouteAuthorization implements AuthorizationManager<RequestAuthorizationContext> {

    private static final Logger log = LoggerFactory.getLogger(RouteAuthorization.class);

    /** Health probes are answered by Spring Boot's actuator, which belongs to no service's table. */
    static final List<RouteRule> BUILT_IN = List.of(
            RouteRule.of(HttpMethod.GET, "/actuator/health", Permission.PUBLIC, RouteRule.Scope.NONE),
            RouteRule.of(HttpMethod.GET, "/actuator/health/**", Permission.PUBLIC, RouteRule.Scope.NONE));

    private final Supplier<List<CompiledRule>> rules;
    private final HandlerLookup handlers;

    RouteAuthorization(ObjectProvider<RouteTable> tables, HandlerLookup handlers) {
        // compiled at the first request, when every service's table exists
        this.rules = SingletonSupplier.of(() -> compile(tables));
        this.handlers = handlers;
    }

    private static List<CompiledRule> compile(ObjectProvider<RouteTable> tables) {
        PathPatternParser parser = PathPatternParser.defaultInstance;
        List<CompiledRule> compiled = new ArrayList<>();
        AccessGrants none = principal -> AccessRoles.NONE;
        BUILT_IN.forEach(rule -> compiled.add(new CompiledRule(rule, parser.parse(rule.pattern()), none)));
        tables.orderedStream().forEach(table -> table.rules().forEach(rule ->
                compiled.add(new CompiledRule(rule, parser.parse(rule.pattern()), table.grants()))));
        return List.copyOf(compiled);
    }

    /** The first rule the request matches, with the values of its path variables. */
    Optional<Match> match(HttpServletRequest request) {
        PathContainer path = RequestPath.parse(request.getRequestURI(), request.getContextPath()).pathWithinApplication();
        String method = request.getMethod();
        for (CompiledRule rule : rules.get()) {
            if (!rule.rule().method().matches(method)
                    && !(HttpMethod.HEAD.matches(method) && HttpMethod.GET.equals(rule.rule().method()))) {
                continue;
            }
            PathPattern.PathMatchInfo info = rule.pattern().matchAndExtract(path);
            if (info != null) {
                return Optional.of(new Match(rule, info.getUriVariables()));
            }
        }
        return Optional.empty();
    }

    /** Public routes ignore the Authorization header: a stale token must not stop a login or a refresh. */
    boolean isPublic(HttpServletRequest request) {
        return match(request).map(m -> m.rule().rule().permission() == Permission.PUBLIC).orElse(false);
    }

    @Override
    public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                                         RequestAuthorizationContext context) {
        HttpServletRequest request = context.getRequest();
        Optional<Match> found = match(request);
        if (found.isEmpty()) {
            return unmatched(request, authentication);
        }
        RouteRule rule = found.get().rule().rule();
        if (rule.permission() == Permission.PUBLIC) {
            return new AuthorizationDecision(true);
        }
        if (!(authentication.get() instanceof RegistryAuthentication authenticated)) {
            return new RouteDenied(rule.permission(), null);
        }
        if (rule.permission() == Permission.AUTHENTICATED || rule.scope() == RouteRule.Scope.HANDLER) {
            return new AuthorizationDecision(true);
        }
        AccessRoles roles = RequestAuthorizer.rolesOf(request, found.get().rule().grants(),
                authenticated.getPrincipal().name());
        Map<String, String> variables = found.get().variables();
        return switch (rule.scope()) {
            case NONE -> decide(RequestAuthorizer.allowsWithoutNamespace(roles, rule.permission()),
                    rule.permission(), null);
            case MODEL -> {
                String namespace = Namespaces.namespaceOf(Namespaces.canonicalModelName(variables.get("name")));
                yield decide(roles.allows(rule.permission(), namespace), rule.permission(), namespace);
            }
            case NAMESPACE -> {
                String namespace = variables.get("namespace");
                yield decide(roles.allows(rule.permission(), namespace), rule.permission(), namespace);
            }
            case HANDLER -> new AuthorizationDecision(true);
        };
    }

    private AuthorizationResult unmatched(HttpServletRequest request, Supplier<? extends Authentication> authentication) {
        // OPTIONS only tells which methods a path allows: any valid token may ask
        if (HttpMethod.OPTIONS.matches(request.getMethod())) {
            return new AuthorizationDecision(authentication.get() instanceof RegistryAuthentication);
        }
        Optional<String> handler = handlers.handlerOf(request);
        if (handler.isEmpty()) {
            return new AuthorizationDecision(true);
        }
        log.error("No access rule for {} {} (served by {}): refused. Every endpoint needs a rule in its "
                + "service's RouteTable.", request.getMethod(), request.getRequestURI(), handler.get());
        return new RouteDenied(null, null);
    }

    private static AuthorizationResult decide(boolean allowed, Permission permission, String namespace) {
        return allowed ? new AuthorizationDecision(true) : new RouteDenied(permission, namespace);
    }

    record CompiledRule(RouteRule rule, PathPattern pattern, AccessGrants grants) {
    }

    record Match(CompiledRule rule, Map<String, String> variables) {
    }

    /**
     * A refusal that names what was missing, for the 403 answer; both null when the endpoint has no
     * rule at all.
     */
    static final class RouteDenied extends AuthorizationDecision {

        private final Permission permission;
        private final String namespace;

        RouteDenied(Permission permission, String namespace) {
            super(false);
            this.permission = permission;
            this.namespace = namespace;
        }

        Permission permission() {
            return permission;
        }

        String namespace() {
            return namespace;
        }
    }
}
