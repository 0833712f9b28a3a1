package dev.modelregistry.query.web;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure the client should see as an RFC 9457 problem: its {@link ProblemType}, the field at
 * fault (a query parameter, path variable or header name), a human detail and extra properties.
 * The detail is written for the client: never put exception text or class names in it.
 */
public class QueryException extends RuntimeException {

    private final ProblemType type;
    private final String field;
    private final Map<String, Object> properties;
    private final Duration retryAfter;
    private final Map<String, String> headers;

    public QueryException(ProblemType type, String field, String detail) {
        this(type, field, detail, Map.of(), null);
    }

    public QueryException(ProblemType type, String field, String detail, Map<String, Object> properties,
                          Duration retryAfter) {
        this(type, field, detail, properties, retryAfter, Map.of());
    }

    /** @param headers more response headers the problem answer needs (e.g. {@code Content-Range} of a 416) */
    public QueryException(ProblemType type, String field, String detail, Map<String, Object> properties,
                          Duration retryAfter, Map<String, String> headers) {
        super(detail, null, false, false);
        this.type = type;
        this.field = field;
        this.properties = new LinkedHashMap<>(properties);
        this.retryAfter = retryAfter;
        this.headers = Map.copyOf(headers);
    }

    public static QueryException badParameter(String field, String detail) {
        return new QueryException(ProblemType.INVALID_PARAMETER, field, detail);
    }

    public ProblemType type() {
        return type;
    }

    public String field() {
        return field;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> properties() {
        return properties;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
