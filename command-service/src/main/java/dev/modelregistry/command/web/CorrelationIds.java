package dev.modelregistry.command.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;

/**
 * The request's correlation id: its {@code X-Correlation-Id} when that is a sane token, else a new
 * UUID. Kept as a request attribute so that error answers echo the same id.
 */
final class CorrelationIds {

    static final String ATTRIBUTE = CorrelationIds.class.getName();
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private CorrelationIds() {
    }

    /** @throws RequestRejected when the header is present but not acceptable (a new id is still recorded) */
    static String resolve(HttpServletRequest request) {
        Object known = request.getAttribute(ATTRIBUTE);
        if (known instanceof String id) {
            return id;
        }
        String header = request.getHeader(CommandHeaders.CORRELATION_ID);
        if (header == null || header.isEmpty()) {
            String id = UUID.randomUUID().toString();
            request.setAttribute(ATTRIBUTE, id);
            return id;
        }
        if (!VALID.matcher(header).matches()) {
            request.setAttribute(ATTRIBUTE, UUID.randomUUID().toString());
            throw RequestRejected.of(HttpStatus.BAD_REQUEST, CommandHeaders.CORRELATION_ID,
                    ProblemTypes.INVALID_CORRELATION_ID,
                    "X-Correlation-Id is 1-128 characters of A-Z a-z 0-9 . _ : -");
        }
        request.setAttribute(ATTRIBUTE, header);
        return header;
    }

    /** The id recorded for this request, or a new one. */
    static String current(HttpServletRequest request) {
        Object known = request == null ? null : request.getAttribute(ATTRIBUTE);
        return known instanceof String id ? id : UUID.randomUUID().toString();
    }
}
