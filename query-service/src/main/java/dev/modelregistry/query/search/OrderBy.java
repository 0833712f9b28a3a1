package dev.modelregistry.query.search;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code order_by} parameter: {@code key [ASC|DESC] {, key [ASC|DESC]}}, at most
 * {@value #MAX_KEYS} keys. A key is a field of the filter language or {@code score} (relevance to
 * {@code q}). Default direction: ASC for fields, DESC for score. Documents without the field sort
 * last in either direction.
 */
record OrderBy(List<Key> keys) {

    static final int MAX_KEYS = 4;
    static final int MAX_LENGTH = 512;

    enum Direction { ASC, DESC }

    /** {@code field} is null for the relevance score. */
    record Key(SearchField field, Direction direction) {
        boolean isScore() {
            return field == null;
        }
    }

    OrderBy {
        keys = List.copyOf(keys);
    }

    /** @throws FilterSyntaxException with the offending token and offset */
    static OrderBy parse(String input) {
        return parse(input, SearchField.Catalogue.VERSIONS);
    }

    /** @throws FilterSyntaxException with the offending token and offset */
    static OrderBy parse(String input, SearchField.Catalogue catalogue) {
        if (input.length() > MAX_LENGTH) {
            throw new FilterSyntaxException("longer than " + MAX_LENGTH + " characters",
                    input.substring(MAX_LENGTH, Math.min(input.length(), MAX_LENGTH + 16)), MAX_LENGTH);
        }
        List<Token> tokens = FilterLexer.tokenize(input);
        List<Key> keys = new ArrayList<>();
        int i = 0;
        while (true) {
            Token name = tokens.get(i++);
            if (name.kind() != Token.Kind.IDENTIFIER) {
                throw new FilterSyntaxException("expected a field such as metrics.f1 or created_at, found "
                        + name.describe(), name);
            }
            SearchField field = null;
            if (!name.value().equals("score")) {
                field = catalogue.resolve(name.value()).orElseThrow(() -> new FilterSyntaxException(
                        "unknown field " + name.describe() + "; fields are score, " + catalogue.knownFields(), name));
            }
            Direction direction = field == null ? Direction.DESC : Direction.ASC;
            Token next = tokens.get(i);
            if (next.isKeyword("ASC") || next.isKeyword("DESC")) {
                direction = Direction.valueOf(next.text().toUpperCase(java.util.Locale.ROOT));
                next = tokens.get(++i);
            }
            if (keys.size() == MAX_KEYS) {
                throw new FilterSyntaxException("more than " + MAX_KEYS + " sort keys", name);
            }
            keys.add(new Key(field, direction));
            if (next.kind() == Token.Kind.END) {
                return new OrderBy(keys);
            }
            if (next.kind() != Token.Kind.COMMA) {
                throw new FilterSyntaxException("expected ASC, DESC, ',' or the end, found " + next.describe(), next);
            }
            i++;
        }
    }
}
