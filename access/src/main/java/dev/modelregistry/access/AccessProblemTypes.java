package dev.modelregistry.access;

import java.net.URI;

/**
 * The problem codes of authentication and authorization, with type URIs built like every other
 * problem of the registry ({@code https://modelregistry.dev/problems/<code>}). Codes never change once
 * published.
 */
public final class AccessProblemTypes {

    public static final String BASE = "https://modelregistry.dev/problems/";

    /** 401: the request carries no bearer token. */
    public static final String UNAUTHENTICATED = "unauthenticated";
    /** 401: the bearer token is malformed, unsigned, wrongly signed, expired, not yet valid, revoked or foreign. */
    public static final String INVALID_TOKEN = "invalid_token";
    /** 403: the principal lacks the permission (the answer names the permission and the namespace). */
    public static final String FORBIDDEN = "forbidden";
    /** 400: the firewall refused the request before routing (semicolon, NUL, line break in the path...). */
    public static final String BAD_REQUEST = "bad_request";
    /** 503: the token could not be checked (key set, credential store or session store unreachable). */
    public static final String AUTHENTICATION_UNAVAILABLE = "authentication_unavailable";

    private AccessProblemTypes() {
    }

    public static URI of(String code) {
        return URI.create(BASE + code);
    }
}
