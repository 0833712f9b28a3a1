package dev.modelregistry.command.web;

import java.net.URI;

/**
 * The stable problem type URIs ({@code https://modelregistry.dev/problems/<code>}) and the codes of
 * problems found at the HTTP edge. Domain refusals carry their own codes
 * ({@code RegistryError#code()}); the URI is built the same way. Codes never change once published.
 */
public final class ProblemTypes {

    public static final String BASE = "https://modelregistry.dev/problems/";

    // request as a whole
    public static final String MALFORMED_JSON = "malformed_json";
    public static final String JSON_TOO_DEEP = "json_too_deep";
    public static final String BODY_REQUIRED = "body_required";
    public static final String BODY_TOO_LARGE = "body_too_large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    public static final String INVALID_CORRELATION_ID = "invalid_correlation_id";

    // one field
    public static final String UNKNOWN_FIELD = "unknown_field";
    public static final String INVALID_TYPE = "invalid_type";
    public static final String REQUIRED = "required";
    public static final String TOO_LONG = "too_long";
    public static final String CONTROL_CHARACTERS = "control_characters";
    public static final String INVALID_NAME = "invalid_name";
    public static final String INVALID_KEY = "invalid_key";
    public static final String INVALID_VALUE = "invalid_value";
    public static final String NOT_A_NUMBER = "not_a_number";
    public static final String NOT_FINITE = "not_finite";
    public static final String INVALID_SHA256 = "invalid_sha256";
    public static final String INVALID_URI = "invalid_uri";
    public static final String INVALID_TIME = "invalid_time";
    public static final String INVALID_DATA_WINDOW = "invalid_data_window";
    public static final String INVALID_STAGE = "invalid_stage";
    public static final String INVALID_VERSION = "invalid_version";
    public static final String INVALID_PARENT = "invalid_parent";
    public static final String ALIAS_INVALID = "alias_invalid";
    public static final String TOO_MANY = "too_many";
    public static final String CONFLICTING_FIELD = "conflicting_field";
    public static final String INVALID_PATH = "invalid_path";
    public static final String DUPLICATE_PATH = "duplicate_path";
    public static final String PATH_CONFLICT = "path_conflict";

    // artifact uploads (headers and upload sessions); refusals after reading are ArtifactError codes
    public static final String INVALID_DIGEST = "invalid_digest";
    public static final String CONFLICTING_DIGESTS = "conflicting_digests";
    public static final String INVALID_SIZE = "invalid_size";
    public static final String INVALID_MEDIA_TYPE = "invalid_media_type";
    public static final String INVALID_FILE_NAME = "invalid_file_name";
    public static final String INVALID_UPLOAD_ID = "invalid_upload_id";
    public static final String INVALID_PART_NUMBER = "invalid_part_number";
    public static final String INVALID_DURATION = "invalid_duration";

    // authentication and access administration; refusals after validation are AccessError codes, and
    // 401/403 of the filter chain the access module's (unauthenticated, invalid_token, forbidden)
    public static final String INVALID_ROLE = "invalid_role";
    public static final String INVALID_PASSWORD = "invalid_password";
    public static final String INVALID_EXPIRY = "invalid_expiry";

    // governance; refusals after validation are RegistryError / GovernanceError codes
    public static final String INVALID_BASE64 = "invalid_base64";
    public static final String APPROVER_MISMATCH = "approver_mismatch";
    /** 422 with failed_checks: a move to Production failed its gates (the refusal is recorded as an event). */
    public static final String PROMOTION_REFUSED = "promotion_refused";

    // experiment tracking; refusals after validation are TrackingError codes
    public static final String INVALID_ID = "invalid_id";
    public static final String PARAM_VALUE_TOO_LONG = "param_value_too_long";
    /** 400 with {@code limit}: more metrics, params, tags or inputs in one batch than allowed. */
    public static final String BATCH_TOO_LARGE = "batch_too_large";

    // HTTP and infrastructure
    public static final String NOT_FOUND = "not_found";
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    public static final String NOT_ACCEPTABLE = "not_acceptable";
    public static final String BAD_REQUEST = "bad_request";
    public static final String STORE_UNAVAILABLE = "store_unavailable";
    public static final String INTERNAL_ERROR = "internal_error";

    private ProblemTypes() {
    }

    public static URI of(String code) {
        return URI.create(BASE + code);
    }
}
