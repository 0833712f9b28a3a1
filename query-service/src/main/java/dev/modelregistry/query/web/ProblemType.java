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
    INVALID_SHA256("invalid_sha256", HttpStatus.BAD_REQUEST, "Invalid SHA-256 digest"),
    INVALID_PATH("invalid_path", HttpStatus.BAD_REQUEST, "Invalid artifact path"),
    INVALID_AS_OF("invalid_as_of", HttpStatus.BAD_REQUEST, "Invalid as_of"),
    BAD_REQUEST("bad_request", HttpStatus.BAD_REQUEST, "Bad request"),
    INVALID_NODE("invalid_node", HttpStatus.BAD_REQUEST, "Invalid lineage node"),
    MODEL_NOT_FOUND("model_not_found", HttpStatus.NOT_FOUND, "Model not found"),
    MODEL_DELETED("model_deleted", HttpStatus.NOT_FOUND, "Model deleted"),
    VERSION_NOT_FOUND("version_not_found", HttpStatus.NOT_FOUND, "Version not found"),
    VERSION_DELETED("version_deleted", HttpStatus.NOT_FOUND, "Version deleted"),
    ALIAS_NOT_FOUND("alias_not_found", HttpStatus.NOT_FOUND, "Alias not found"),
    ARTIFACT_NOT_FOUND("artifact_not_found", HttpStatus.NOT_FOUND, "Artifact not found"),
    ARTIFACT_DELETED("artifact_deleted", HttpStatus.NOT_FOUND, "Artifact deleted"),
    ARTIFACT_PATH_NOT_FOUND("artifact_path_not_found", HttpStatus.NOT_FOUND, "Artifact path not found"),
    USER_NOT_FOUND("user_not_found", HttpStatus.NOT_FOUND, "User not found"),
    NAMESPACE_NOT_FOUND("namespace_not_found", HttpStatus.NOT_FOUND, "Namespace not found"),
    PROMOTION_POLICY_NOT_FOUND("promotion_policy_not_found", HttpStatus.NOT_FOUND, "Promotion policy not found"),
    EXPERIMENT_NOT_FOUND("experiment_not_found", HttpStatus.NOT_FOUND, "Experiment not found"),
    RUN_NOT_FOUND("run_not_found", HttpStatus.NOT_FOUND, "Run not found"),
    NODE_NOT_FOUND("node_not_found", HttpStatus.NOT_FOUND, "Lineage node not found"),
    NOT_FOUND("not_found", HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED("method_not_allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not_acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    RANGE_NOT_SATISFIABLE("range_not_satisfiable", HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "Range not satisfiable"),
    /** The stored bytes no longer hash to the digest (or are missing): never served. */
    ARTIFACT_CORRUPTED("artifact_corrupted", HttpStatus.BAD_GATEWAY, "Artifact corrupted"),
    READ_MODEL_BEHIND("read_model_behind", HttpStatus.SERVICE_UNAVAILABLE, "Read model behind"),
    READ_MODEL_UNAVAILABLE("read_model_unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Read model unavailable"),
    SEARCH_UNAVAILABLE("search_unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Search unavailable"),
    ARTIFACT_STORE_UNAVAILABLE("artifact_store_unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Artifact store unavailable"),
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
