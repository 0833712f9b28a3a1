package dev.modelregistry.query.search;

/**
 * A token of the filter language.
 *
 * @param text   the token as written in the input
 * @param value  identifiers: the name with back-quoted segments unquoted; strings: the unescaped
 *               content; keywords and operators: the upper-case text; numbers: the text
 * @param offset 0-based character offset of the token's first character
 */
record Token(Kind kind, String text, String value, int offset) {

    enum Kind { IDENTIFIER, STRING, NUMBER, OPERATOR, LEFT_PAREN, RIGHT_PAREN, COMMA, END }

    boolean isKeyword(String keyword) {
        return kind == Kind.IDENTIFIER && text.equalsIgnoreCase(keyword);
    }

    String describe() {
        return kind == Kind.END ? "end of input" : "'" + text + "'";
    }
}
