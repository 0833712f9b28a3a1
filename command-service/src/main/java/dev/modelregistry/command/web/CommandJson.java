package dev.modelregistry.command.web;

import dev.modelregistry.command.web.RequestRejected.FieldProblem;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Reads command bodies with this module's own strict JSON mapper, independent of the host
 * application's global Jackson settings: snake_case, unknown fields refused, no silent coercion
 * (a string is not a number, a number is not a string, 2.5 is not a version), duplicate keys and
 * trailing content refused, nesting depth limited, and the body size limited before it is parsed
 * (413). A non-JSON content type is refused (415).
 */
final class CommandJson {

    private final JsonMapper mapper;
    private final long maxBodyBytes;
    private final int maxDepth;

    CommandJson(long maxBodyBytes, int maxDepth) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxDepth = maxDepth;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxNumberLength(100)
                        .maxDocumentLength(maxBodyBytes)
                        .build())
                .build();
        this.mapper = JsonMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // trailing content is checked by parse(), which answers it as malformed JSON
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Integer, config -> config
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Float, config -> config
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, config -> config
                        .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .build();
    }

    long maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Reads the body as {@code type}.
     *
     * @return null when there is no body and none is required
     */
    <T> T read(HttpServletRequest request, Class<T> type, boolean required) {
        long declaredLength = request.getContentLengthLong();
        boolean hasBodyHeaders = declaredLength > 0 || request.getHeader("Transfer-Encoding") != null;
        if (hasBodyHeaders) {
            checkContentType(request.getContentType());
        }
        if (declaredLength > maxBodyBytes) {
            throw tooLarge();
        }
        byte[] body = readLimited(request);
        if (isBlank(body)) {
            if (required) {
                throw RequestRejected.of(HttpStatus.BAD_REQUEST, null, ProblemTypes.BODY_REQUIRED,
                        "This request needs a JSON body.");
            }
            return null;
        }
        if (!hasBodyHeaders) {
            checkContentType(request.getContentType());
        }
        return parse(body, type);
    }

    /** Parses a JSON document (no size or content type checks: see {@link #read}). */
    <T> T parse(byte[] body, Class<T> type) {
        try (JsonParser parser = mapper.createParser(body)) {
            T value = mapper.readValue(parser, type);
            if (value == null) {
                throw RequestRejected.of(HttpStatus.BAD_REQUEST, null, ProblemTypes.MALFORMED_JSON,
                        "The body must be a JSON object with the documented fields.");
            }
            // content after the document ({...} {...}) is malformed JSON, not a wrongly typed field
            if (parser.nextToken() != null) {
                throw RequestRejected.of(HttpStatus.BAD_REQUEST, null, ProblemTypes.MALFORMED_JSON,
                        "The body is not well-formed JSON: content follows the document (at line "
                                + parser.currentLocation().getLineNr() + ", column "
                                + parser.currentLocation().getColumnNr() + ").");
            }
            return value;
        } catch (StreamConstraintsException e) {
            throw RequestRejected.of(HttpStatus.BAD_REQUEST, null, ProblemTypes.JSON_TOO_DEEP,
                    "The JSON document exceeds a limit (nesting deeper than " + maxDepth
                            + " levels, or an overlong number).");
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            throw RequestRejected.invalid(List.of(new FieldProblem(field, ProblemTypes.UNKNOWN_FIELD,
                    "Unknown field '" + field + "'.")));
        } catch (StreamReadException e) {
            throw RequestRejected.of(HttpStatus.BAD_REQUEST, null, ProblemTypes.MALFORMED_JSON,
                    "The body is not well-formed JSON (at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ").");
        } catch (JacksonException e) {
            String field = path(e);
            throw RequestRejected.invalid(List.of(new FieldProblem(field.isEmpty() ? null : field,
                    ProblemTypes.INVALID_TYPE, field.isEmpty()
                            ? "The body must be a JSON object with the documented fields."
                            : "Field '" + field + "' has the wrong JSON type.")));
        }
    }

    private void checkContentType(String contentType) {
        MediaType mediaType;
        try {
            mediaType = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            mediaType = null;
        }
        boolean json = mediaType != null && (MediaType.APPLICATION_JSON.isCompatibleWith(mediaType)
                || "json".equals(mediaType.getSubtypeSuffix()) && "application".equals(mediaType.getType()));
        if (!json) {
            throw RequestRejected.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, null, ProblemTypes.UNSUPPORTED_MEDIA_TYPE,
                    "Send the body as application/json.");
        }
    }

    private byte[] readLimited(HttpServletRequest request) {
        try (InputStream in = request.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(
                    (int) Math.min(Math.max(request.getContentLengthLong(), 256), maxBodyBytes));
            byte[] buffer = new byte[8192];
            long total = 0;
            int read;
            while ((read = in.read(buffer)) != -1) {
                total += read;
                if (total > maxBodyBytes) {
                    throw tooLarge();
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
    }

    private RequestRejected tooLarge() {
        return RequestRejected.of(HttpStatus.CONTENT_TOO_LARGE, null, ProblemTypes.BODY_TOO_LARGE,
                "The body is larger than " + maxBodyBytes + " bytes.");
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** JSON path of the failing element, for example {@code lineage.data_window[1]}. */
    static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
