package dev.modelregistry.query.artifact;

import java.util.Locale;

/**
 * What a {@code Range} header asks of a representation of {@code size} bytes (RFC 9110, section
 * 14). One byte range ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}) is served as 206; a
 * header that is not a valid byte-range set, names another unit, or asks for several ranges is
 * ignored (the whole blob, 200): the RFC allows ignoring Range, and multipart/byteranges would
 * serve little to clients of a model registry, which resume downloads with one open range.
 */
sealed interface RangeRequest {

    /** Serve everything (no Range, or one that is ignored). */
    record Whole() implements RangeRequest {
    }

    /** Serve bytes {@code first..last} (inclusive), both within the representation. */
    record Part(long first, long last) implements RangeRequest {

        long length() {
            return last - first + 1;
        }

        /** The {@code Content-Range} value of a 206 answer. */
        String contentRange(long size) {
            return "bytes " + first + "-" + last + "/" + size;
        }
    }

    /** A valid single range that no byte of the representation satisfies: 416. */
    record Unsatisfiable() implements RangeRequest {

        /** The {@code Content-Range} value of a 416 answer. */
        static String contentRange(long size) {
            return "bytes */" + size;
        }
    }

    RangeRequest WHOLE = new Whole();
    RangeRequest UNSATISFIABLE = new Unsatisfiable();

    /** Headers longer than this are not worth parsing (a single range is at most ~45 characters). */
    int MAX_HEADER_LENGTH = 1024;

    static RangeRequest parse(String header, long size) {
        if (header == null || header.length() > MAX_HEADER_LENGTH) {
            return WHOLE;
        }
        String text = header.strip();
        int equals = text.indexOf('=');
        if (equals < 0 || !text.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals("bytes")) {
            return WHOLE;
        }
        String set = text.substring(equals + 1);
        if (set.indexOf(',') >= 0) {
            return WHOLE; // several ranges (or empty list elements): the whole blob, see above
        }
        String spec = set.strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return WHOLE;
        }
        String firstText = spec.substring(0, dash);
        String lastText = spec.substring(dash + 1);
        if (firstText.isEmpty()) {
            // suffix range: the last n bytes
            long suffix = digits(lastText);
            if (suffix < 0) {
                return WHOLE;
            }
            if (suffix == 0 || size == 0) {
                return UNSATISFIABLE;
            }
            return new Part(Math.max(0, size - suffix), size - 1);
        }
        long first = digits(firstText);
        if (first < 0) {
            return WHOLE;
        }
        long last;
        if (lastText.isEmpty()) {
            last = Long.MAX_VALUE;
        } else {
            last = digits(lastText);
            if (last < 0 || last < first) {
                return WHOLE; // invalid range-spec: ignored, as the RFC says
            }
        }
        if (first >= size) {
            return UNSATISFIABLE;
        }
        return new Part(first, Math.min(last, size - 1));
    }

    /**
     * A non-negative decimal of ASCII digits, saturating at {@link Long#MAX_VALUE} (a position past
     * any blob); -1 when the text is empty or holds anything else (signs, spaces, other digits).
     */
    private static long digits(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            int digit = c - '0';
            value = value > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : value * 10 + digit;
        }
        return value;
    }
}
