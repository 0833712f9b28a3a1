package dev.modelregistry.query.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Hand-written tokenizer of the filter and order_by languages. Accepts only what the grammar in
 * docs/api.md names: identifiers (letters, digits, {@code _ . -}, back-quoted key segments),
 * single-quoted strings ({@code ''} is a quote), numbers, comparison operators, parentheses and
 * commas. Every other character is an error at its offset.
 */
final class FilterLexer {

    static final int MAX_STRING_LENGTH = 1024;

    private final String input;
    private int position;

    private FilterLexer(String input) {
        this.input = input;
    }

    static List<Token> tokenize(String input) {
        return new FilterLexer(input).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (position >= input.length()) {
                tokens.add(new Token(Token.Kind.END, "", "", input.length()));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private void skipWhitespace() {
        while (position < input.length()) {
            char c = input.charAt(position);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            position++;
        }
    }

    private Token next() {
        int start = position;
        char c = input.charAt(position);
        switch (c) {
            case '(' -> {
                position++;
                return new Token(Token.Kind.LEFT_PAREN, "(", "(", start);
            }
            case ')' -> {
                position++;
                return new Token(Token.Kind.RIGHT_PAREN, ")", ")", start);
            }
            case ',' -> {
                position++;
                return new Token(Token.Kind.COMMA, ",", ",", start);
            }
            case '\'' -> {
                return string();
            }
            case '=', '!', '<', '>' -> {
                return operator();
            }
            default -> {
                if (isDigit(c) || ((c == '-' || c == '.') && position + 1 < input.length()
                        && (isDigit(input.charAt(position + 1)) || input.charAt(position + 1) == '.'))) {
                    return number();
                }
                if (isIdentifierStart(c)) {
                    return identifier();
                }
                throw new FilterSyntaxException("unexpected character " + printable(c), String.valueOf(c), start);
            }
        }
    }

    private Token operator() {
        int start = position;
        char c = input.charAt(position);
        char next = position + 1 < input.length() ? input.charAt(position + 1) : 0;
        String op = switch (c) {
            case '=' -> "=";
            case '!' -> next == '=' ? "!=" : null;
            case '<' -> next == '=' ? "<=" : next == '>' ? "<>" : "<";
            case '>' -> next == '=' ? ">=" : ">";
            default -> null;
        };
        if (op == null) {
            throw new FilterSyntaxException("unexpected character " + printable(c), String.valueOf(c), start);
        }
        position += op.length();
        return new Token(Token.Kind.OPERATOR, op, op.equals("<>") ? "!=" : op, start);
    }

    private Token string() {
        int start = position;
        StringBuilder value = new StringBuilder();
        position++;
        while (true) {
            if (position >= input.length()) {
                throw new FilterSyntaxException("unterminated string: a string starts with ' and ends with '"
                        + " (write '' for a quote inside it)", input.substring(start), start);
            }
            char c = input.charAt(position);
            if (c == '\'') {
                if (position + 1 < input.length() && input.charAt(position + 1) == '\'') {
                    value.append('\'');
                    position += 2;
                    continue;
                }
                position++;
                break;
            }
            if (Character.isISOControl(c)) {
                throw new FilterSyntaxException("control character " + printable(c) + " in a string",
                        String.valueOf(c), position);
            }
            value.append(c);
            position++;
        }
        if (value.length() > MAX_STRING_LENGTH) {
            throw new FilterSyntaxException("string longer than " + MAX_STRING_LENGTH + " characters",
                    input.substring(start, position), start);
        }
        return new Token(Token.Kind.STRING, input.substring(start, position), value.toString(), start);
    }

    private Token number() {
        int start = position;
        if (input.charAt(position) == '-') {
            position++;
        }
        digits();
        if (position < input.length() && input.charAt(position) == '.') {
            position++;
            digits();
        }
        if (position < input.length() && (input.charAt(position) == 'e' || input.charAt(position) == 'E')) {
            position++;
            if (position < input.length() && (input.charAt(position) == '+' || input.charAt(position) == '-')) {
                position++;
            }
            digits();
        }
        // a number runs into the next token only through whitespace, an operator, a parenthesis or a comma
        if (position < input.length() && (isIdentifierPart(input.charAt(position)) || input.charAt(position) == '`')) {
            int end = position;
            while (end < input.length() && (isIdentifierPart(input.charAt(end)) || input.charAt(end) == '`')) {
                end++;
            }
            throw new FilterSyntaxException("malformed number", input.substring(start, end), start);
        }
        String text = input.substring(start, position);
        try {
            Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new FilterSyntaxException("malformed number", text, start);
        }
        return new Token(Token.Kind.NUMBER, text, text, start);
    }

    private void digits() {
        while (position < input.length() && isDigit(input.charAt(position))) {
            position++;
        }
    }

    private Token identifier() {
        int start = position;
        StringBuilder value = new StringBuilder();
        while (position < input.length()) {
            char c = input.charAt(position);
            if (c == '`' && position > start && input.charAt(position - 1) == '.') {
                quotedSegment(value);
            } else if (isIdentifierPart(c)) {
                value.append(c);
                position++;
            } else {
                break;
            }
        }
        return new Token(Token.Kind.IDENTIFIER, input.substring(start, position), value.toString(), start);
    }

    /** {@code `any key`} after a dot: a key with characters an identifier cannot hold. */
    private void quotedSegment(StringBuilder value) {
        int start = position;
        position++;
        while (true) {
            if (position >= input.length()) {
                throw new FilterSyntaxException("unterminated quoted key: it starts with ` and ends with `",
                        input.substring(start), start);
            }
            char c = input.charAt(position);
            if (c == '`') {
                if (position + 1 < input.length() && input.charAt(position + 1) == '`') {
                    value.append('`');
                    position += 2;
                    continue;
                }
                position++;
                return;
            }
            if (Character.isISOControl(c)) {
                throw new FilterSyntaxException("control character " + printable(c) + " in a key",
                        String.valueOf(c), position);
            }
            value.append(c);
            position++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c) || c == '.' || c == '-';
    }

    private static String printable(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c)
                ? String.format("U+%04X", (int) c) : "'" + c + "'";
    }
}
