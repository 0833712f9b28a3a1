package dev.modelregistry.query.web;

/** The {@code page_size} parameter: 1..{@value #MAX}, default {@value #DEFAULT}. */
public final class PageSize {

    public static final String PARAMETER = "page_size";
    public static final int DEFAULT = 50;
    public static final int MAX = 1000;

    private PageSize() {
    }

    /** @throws QueryException 400 {@code invalid_parameter} unless blank or an integer in 1..1000 */
    public static int parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT;
        }
        int size;
        try {
            size = Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size < 1 || size > MAX) {
            throw QueryException.badParameter(PARAMETER, "page_size must be an integer from 1 to " + MAX);
        }
        return size;
    }
}
