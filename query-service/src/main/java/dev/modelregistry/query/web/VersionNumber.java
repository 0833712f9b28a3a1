package dev.modelregistry.query.web;

/** A version number in a path or a parameter: a positive integer. */
public final class VersionNumber {

    private VersionNumber() {
    }

    /** @throws QueryException 400 {@code invalid_parameter} naming {@code field} unless {@code text} is an integer >= 1 */
    public static int parse(String text, String field) {
        int version;
        try {
            version = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            version = 0;
        }
        if (version < 1) {
            throw QueryException.badParameter(field, field + " must be a positive integer");
        }
        return version;
    }
}
