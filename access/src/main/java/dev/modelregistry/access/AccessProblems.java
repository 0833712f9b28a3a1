package dev.modelregistry.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the 401, 403 and 503 answers of authentication and authorization as RFC 9457
 * {@code application/problem+json}, with {@code WWW-Authenticate: Bearer ...} per RFC 6750. It is the
 * filter chain's entry point and access-denied handler, and also resolves an {@link AccessDeniedException}
 * (such as {@link AccessDeniedProblem}) thrown by a handler before any {@code @ExceptionHandler(Exception.class)}
 * of a service can turn it into a 500.
 */
final class AccessProblems implements AuthenticationEntryPoint, AccessDeniedHandler, HandlerExceptionResolver, Ordered {

    static final String REALM = "model-registry";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        if (exception instanceof AuthenticationUnavailableException) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            write(request, response, HttpStatus.SERVICE_UNAVAILABLE, AccessProblemTypes.AUTHENTICATION_UNAVAILABLE,
                    "Authentication unavailable",
                    "The bearer token could not be checked right now; nothing was changed. Retry shortly.", null);
            return;
        }
        boolean invalid = exception instanceof OAuth2AuthenticationException;
        if (invalid) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM
                    + "\", error=\"invalid_token\", error_description=\"The bearer token is not valid\"");
            write(request, response, HttpStatus.UNAUTHORIZED, AccessProblemTypes.INVALID_TOKEN, "Invalid token",
                    BearerTokenAuthenticator.REFUSED, null);
        } else {
            // RFC 6750 3.1: no error code when the request carried no credentials
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\"");
            write(request, response, HttpStatus.UNAUTHORIZED, AccessProblemTypes.UNAUTHENTICATED, "Unauthenticated",
                    "This endpoint needs a bearer token: Authorization: Bearer <token>.", null);
        }
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException exception)
            throws IOException {
        Permission permission = null;
        String namespace = null;
        boolean ruled = true;
        if (exception instanceof AccessDeniedProblem problem) {
            permission = problem.permission();
            namespace = problem.namespace();
        } else if (exception instanceof AuthorizationDeniedException denied
                && denied.getAuthorizationResult() instanceof RouteAuthorization.RouteDenied route) {
            permission = route.permission();
            namespace = route.namespace();
            ruled = permission != null;
        }
        String detail = !ruled ? "This endpoint has no access rule, so it is refused to everyone."
                : permission == null ? "The principal may not do this."
                : namespace == null ? "The principal lacks the permission " + name(permission) + "."
                : "The principal lacks the permission " + name(permission) + " in the namespace " + namespace + ".";
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("permission", permission == null ? null : name(permission));
        members.put("namespace", namespace);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\"");
        write(request, response, HttpStatus.FORBIDDEN, AccessProblemTypes.FORBIDDEN, "Forbidden", detail, members);
    }

    /** A refusal thrown by a handler: answered here, before the services' own exception handlers. */
    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception exception) {
        if (response.isCommitted()) {
            return null;
        }
        try {
            if (exception instanceof AccessDeniedException denied) {
                handle(request, response, denied);
            } else if (exception instanceof AuthenticationException unauthenticated) {
                commence(request, response, unauthenticated);
            } else {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        return new ModelAndView();
    }

    @Override
    public int getOrder() {
        // before Spring MVC's resolvers (order 0), which run the services' @ExceptionHandler methods
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    /** A request the firewall refused before routing: no field to name, but still a problem answer. */
    void rejected(HttpServletRequest request, HttpServletResponse response,
                  org.springframework.security.web.firewall.RequestRejectedException rejected) throws IOException {
        write(request, response, HttpStatus.BAD_REQUEST, AccessProblemTypes.BAD_REQUEST, "Bad request",
                "The request line or its headers are not acceptable.", null);
    }

    /** The permission as the API spells it: {@code read}, {@code global_admin}... */
    static String name(Permission permission) {
        return permission.name().toLowerCase(Locale.ROOT);
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
                              String title, String detail, Map<String, Object> members) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", AccessProblemTypes.of(code).toString());
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        String instance = instance(request);
        if (instance != null) {
            body.put("instance", instance);
        }
        body.put("code", code);
        if (members != null) {
            body.putAll(members);
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }

    private static String instance(HttpServletRequest request) {
        try {
            return URI.create(request.getRequestURI()).getRawPath();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
