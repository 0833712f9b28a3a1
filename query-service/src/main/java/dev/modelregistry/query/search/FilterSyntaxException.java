package dev.modelregistry.query.search;

/**
 * A filter or order_by that cannot be parsed or does not make sense, with the offending token and
 * its 0-based character offset in the input (the input's length for "unexpected end").
 */
final class FilterSyntaxException extends RuntimeException {

    private static final int MAX_TOKEN_ECHO = 64;

    private final String token;
    private final int offset;

    FilterSyntaxException(String message, String token, int offset) {
        super(message, null, false, false);
        this.token = token.length() > MAX_TOKEN_ECHO ? token.substring(0, MAX_TOKEN_ECHO) + "..." : token;
        this.offset = offset;
    }

    FilterSyntaxException(String message, Token token) {
        this(message, token.text(), token.offset());
    }

    /** The offending token as written (shortened when long); empty at the end of the input. */
    String token() {
        return token;
    }

    int offset() {
        return offset;
    }
}
