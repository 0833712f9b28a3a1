package dev.modelregistry.query.web;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * Every problem the query API answers with: a stable {@code code}, its type URI
 * ({@code https://modelregistry.dev/problems/<code>}), status and title. Clients switch on the
 * code; the detail text is for people and may change.
 */
public enum ProblemType {

    INVALID_PARAMETER("invalid_parameter", HttpStatus.BAD_REQUEST, "Invalid parameter"),
    MISSING_PARAMETER("missing_parameter", HttpStatus.BAD_REQUEST, "Missing parameter"),
    INVALID_PAGE_TOKEN("invalid_page_token", HttpStatus.BAD_REQUEST, "Invalid page token"),
    INVALID_FILTER("invalid_filter", HttpStatus.BAD_REQUEST, "Invalid filter"),
    INVALID_ORDER_BY("invalid_order_by", HttpStatus.BAD_REQUEST, "Invalid order_by"),
    BAD_REQUEST("bad_request", HttpStatus.BAD_REQUEST, "Bad request"),
    MODEL_NOT_FOUND("model_not_found", HttpStatus.NOT_FOUND, "Model not found"),
    MODEL_DELETED("model_deleted", HttpStatus.NOT_FOUND, "Model deleted"),
    VERSION_NOT_FOUND("version_not_found", HttpStatus.NOT_FOUND, "Version not found"),
    VERSION_DELETED("version_deleted", HttpStatus.NOT_FOUND, "Version deleted"),
    ALIAS_NOT_FOUND("alias_not_found", HttpStatus.NOT_FOUND, "Alias not found"),
    NOT_FOUND("not_found", HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED("method_not_allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not_acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    READ_MODEL_BEHIND("read_model_behind", HttpStatus.SERVICE_UNAVAILABLE, "Read model behind"),
    READ_MODEL_UNAVAILABLE("read_model_unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Read model unavailable"),
    SEARCH_UNAVAILABLE("search_unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Search unavailable"),
    INTERNAL_ERROR("internal_error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    public static final String BASE_URI = "https://modelregistry.dev/problems/";

    private final String code;
    private final HttpStatus status;
    private final String title;

    ProblemType(String code, HttpStatus status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public URI uri() {
        return URI.create(BASE_URI + code);
    }

    /** The generic problem for a status that has no specific one. */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 503 -> READ_MODEL_UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
        };
    }
}
