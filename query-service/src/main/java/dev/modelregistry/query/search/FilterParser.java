package dev.modelregistry.query.search;

import dev.modelregistry.events.model.Stage;
import dev.modelregistry.query.search.Filter.Comparator;
import dev.modelregistry.query.support.Rfc3339;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Recursive-descent parser of the filter language (grammar in docs/api.md):
 *
 * <pre>
 * filter     = or_expr ;
 * or_expr    = and_expr { "OR" and_expr } ;
 * and_expr   = not_expr { "AND" not_expr } ;
 * not_expr   = "NOT" not_expr | primary ;
 * primary    = "(" or_expr ")" | comparison ;
 * comparison = field ( operator literal | [ "NOT" ] "IN" "(" literal { "," literal } ")" ) ;
 * </pre>
 *
 * Fields are resolved and literals converted to the field's type while parsing, so the result is
 * a typed {@link Filter}. Input is bounded: {@value #MAX_LENGTH} characters, nesting depth
 * {@value #MAX_DEPTH}, {@value #MAX_COMPARISONS} comparisons, {@value #MAX_IN_VALUES} values per IN.
 */
final class FilterParser {

    static final int MAX_LENGTH = 4096;
    static final int MAX_DEPTH = 32;
    static final int MAX_COMPARISONS = 256;
    static final int MAX_IN_VALUES = 256;

    private final List<Token> tokens;
    private final SearchField.Catalogue catalogue;
    private int index;
    private int depth;
    private int comparisons;

    private FilterParser(List<Token> tokens, SearchField.Catalogue catalogue) {
        this.tokens = tokens;
        this.catalogue = catalogue;
    }

    /** A filter over the versions index. @throws FilterSyntaxException with the offending token and offset */
    static Filter parse(String input) {
        return parse(input, SearchField.Catalogue.VERSIONS);
    }

    /** A filter over the fields of {@code catalogue}. @throws FilterSyntaxException with the offending token and offset */
    static Filter parse(String input, SearchField.Catalogue catalogue) {
        checkLength(input);
        FilterParser parser = new FilterParser(FilterLexer.tokenize(input), catalogue);
        if (parser.peek().kind() == Token.Kind.END) {
            throw new FilterSyntaxException("empty filter", parser.peek());
        }
        Filter filter = parser.orExpression();
        Token end = parser.peek();
        if (end.kind() != Token.Kind.END) {
            throw new FilterSyntaxException(end.kind() == Token.Kind.RIGHT_PAREN
                    ? "unbalanced ')'" : "expected AND, OR or the end of the filter, found " + end.describe(), end);
        }
        return filter;
    }

    static void checkLength(String input) {
        if (input.length() > MAX_LENGTH) {
            throw new FilterSyntaxException("longer than " + MAX_LENGTH + " characters",
                    input.substring(MAX_LENGTH, Math.min(input.length(), MAX_LENGTH + 16)), MAX_LENGTH);
        }
    }

    private Filter orExpression() {
        List<Filter> operands = new ArrayList<>();
        add(operands, andExpression(), Filter.Or.class);
        while (peek().isKeyword("OR")) {
            next();
            add(operands, andExpression(), Filter.Or.class);
        }
        return operands.size() == 1 ? operands.getFirst() : new Filter.Or(operands);
    }

    private Filter andExpression() {
        List<Filter> operands = new ArrayList<>();
        add(operands, notExpression(), Filter.And.class);
        while (peek().isKeyword("AND")) {
            next();
            add(operands, notExpression(), Filter.And.class);
        }
        return operands.size() == 1 ? operands.getFirst() : new Filter.And(operands);
    }

    /** Flattens {@code a AND (b AND c)} into one level. */
    private static void add(List<Filter> operands, Filter operand, Class<? extends Filter> kind) {
        if (kind.isInstance(operand)) {
            operands.addAll(operand instanceof Filter.And and ? and.operands() : ((Filter.Or) operand).operands());
        } else {
            operands.add(operand);
        }
    }

    private Filter notExpression() {
        Token token = peek();
        if (token.isKeyword("NOT")) {
            next();
            enter(token);
            Filter operand = notExpression();
            depth--;
            return new Filter.Not(operand);
        }
        return primary();
    }

    private Filter primary() {
        Token token = peek();
        if (token.kind() == Token.Kind.LEFT_PAREN) {
            next();
            enter(token);
            Filter inner = orExpression();
            Token close = peek();
            if (close.kind() != Token.Kind.RIGHT_PAREN) {
                throw new FilterSyntaxException(close.kind() == Token.Kind.END
                        ? "unbalanced '(': missing ')'" : "expected ')', found " + close.describe(), close);
            }
            next();
            depth--;
            return inner;
        }
        return comparison();
    }

    private void enter(Token token) {
        if (++depth > MAX_DEPTH) {
            throw new FilterSyntaxException("nested deeper than " + MAX_DEPTH + " levels", token);
        }
    }

    private Filter comparison() {
        Token name = next();
        if (name.kind() != Token.Kind.IDENTIFIER || isReserved(name)) {
            throw new FilterSyntaxException("expected a field such as metrics.accuracy, stage or tags.team, found "
                    + name.describe(), name);
        }
        SearchField field = catalogue.resolve(name.value()).orElseThrow(() -> new FilterSyntaxException(
                "unknown field " + name.describe() + "; fields are " + catalogue.knownFields(), name));
        if (++comparisons > MAX_COMPARISONS) {
            throw new FilterSyntaxException("more than " + MAX_COMPARISONS + " comparisons", name);
        }
        Token operator = next();
        if (operator.isKeyword("IN")) {
            return in(field, false);
        }
        if (operator.isKeyword("NOT")) {
            Token in = next();
            if (!in.isKeyword("IN")) {
                throw new FilterSyntaxException("expected IN after NOT, found " + in.describe(), in);
            }
            return in(field, true);
        }
        if (operator.kind() != Token.Kind.OPERATOR) {
            throw new FilterSyntaxException("expected an operator (= != > >= < <= IN) after " + name.describe()
                    + ", found " + operator.describe(), operator);
        }
        Comparator comparator = comparator(operator);
        Token literal = next();
        return switch (field.kind()) {
            case NUMBER, INTEGER -> new Filter.NumberComparison(field, comparator, number(field, literal));
            case DATE -> new Filter.TimeComparison(field, comparator, time(field, literal));
            case KEYWORD, STAGE, RUN_STATUS -> {
                if (comparator != Comparator.EQ && comparator != Comparator.NE) {
                    throw new FilterSyntaxException("operator " + operator.describe() + " cannot compare "
                            + field.name() + "; use = != IN or NOT IN", operator);
                }
                yield new Filter.TermMatch(field, List.of(keyword(field, literal)), comparator == Comparator.NE);
            }
        };
    }

    private Filter in(SearchField field, boolean negated) {
        Token open = next();
        if (open.kind() != Token.Kind.LEFT_PAREN) {
            throw new FilterSyntaxException("expected '(' after IN, found " + open.describe(), open);
        }
        List<Token> literals = new ArrayList<>();
        while (true) {
            Token literal = next();
            if (literals.size() == MAX_IN_VALUES) {
                throw new FilterSyntaxException("more than " + MAX_IN_VALUES + " values in IN", literal);
            }
            literals.add(literal);
            Token separator = next();
            if (separator.kind() == Token.Kind.RIGHT_PAREN) {
                break;
            }
            if (separator.kind() != Token.Kind.COMMA) {
                throw new FilterSyntaxException(separator.kind() == Token.Kind.END
                        ? "unbalanced '(': missing ')'" : "expected ',' or ')', found " + separator.describe(), separator);
            }
        }
        return switch (field.kind()) {
            case KEYWORD, STAGE, RUN_STATUS -> new Filter.TermMatch(field,
                    literals.stream().map(literal -> keyword(field, literal)).distinct().toList(), negated);
            case NUMBER, INTEGER -> {
                List<Filter> each = new ArrayList<>();
                for (Token literal : literals) {
                    each.add(new Filter.NumberComparison(field, negated ? Comparator.NE : Comparator.EQ,
                            number(field, literal)));
                }
                yield each.size() == 1 ? each.getFirst() : negated ? new Filter.And(each) : new Filter.Or(each);
            }
            case DATE -> throw new FilterSyntaxException("IN cannot compare " + field.name()
                    + "; use comparisons such as created_at >= '2026-01-01T00:00:00Z'", open);
        };
    }

    private static Comparator comparator(Token operator) {
        return switch (operator.value()) {
            case "=" -> Comparator.EQ;
            case "!=" -> Comparator.NE;
            case ">" -> Comparator.GT;
            case ">=" -> Comparator.GE;
            case "<" -> Comparator.LT;
            case "<=" -> Comparator.LE;
            default -> throw new FilterSyntaxException("unknown operator " + operator.describe(), operator);
        };
    }

    private static double number(SearchField field, Token literal) {
        if (literal.kind() != Token.Kind.NUMBER) {
            throw new FilterSyntaxException(field.name() + " is compared with a number, found "
                    + literal.describe(), literal);
        }
        if (field.kind() == SearchField.Kind.INTEGER) {
            try {
                return Long.parseLong(literal.value());
            } catch (NumberFormatException e) {
                throw new FilterSyntaxException(field.name() + " is compared with an integer, found "
                        + literal.describe(), literal);
            }
        }
        double value = Double.parseDouble(literal.value());
        if (!Double.isFinite(value)) {
            throw new FilterSyntaxException("number out of range", literal);
        }
        return value;
    }

    private static Instant time(SearchField field, Token literal) {
        if (literal.kind() != Token.Kind.STRING) {
            throw new FilterSyntaxException(field.name() + " is compared with a quoted RFC 3339 time such as "
                    + "'2026-11-23T05:01:00Z', found " + literal.describe(), literal);
        }
        return Rfc3339.parse(literal.value()).orElseThrow(() -> new FilterSyntaxException(
                "not an RFC 3339 time such as '2026-11-23T05:01:00Z': " + literal.describe(), literal));
    }

    private static String keyword(SearchField field, Token literal) {
        if (literal.kind() != Token.Kind.STRING) {
            throw new FilterSyntaxException(field.name() + " is compared with a quoted string such as '"
                    + (literal.kind() == Token.Kind.NUMBER ? literal.text() : "value") + "', found "
                    + literal.describe(), literal);
        }
        if (field.kind() == SearchField.Kind.STAGE) {
            return Stage.fromLabel(literal.value()).map(Stage::label).orElseThrow(() -> new FilterSyntaxException(
                    "unknown stage " + literal.describe() + "; stages are " + Arrays.stream(Stage.values())
                            .map(Stage::label).collect(Collectors.joining(", ")), literal));
        }
        if (field.kind() == SearchField.Kind.RUN_STATUS) {
            String status = literal.value().toUpperCase(java.util.Locale.ROOT);
            if (!RUN_STATUSES.contains(status)) {
                throw new FilterSyntaxException("unknown status " + literal.describe() + "; statuses are "
                        + String.join(", ", RUN_STATUSES), literal);
            }
            return status;
        }
        return literal.value();
    }

    private static final List<String> RUN_STATUSES = List.of("RUNNING", "FINISHED", "FAILED", "KILLED");

    private static boolean isReserved(Token token) {
        return token.isKeyword("AND") || token.isKeyword("OR") || token.isKeyword("NOT") || token.isKeyword("IN");
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token next() {
        Token token = tokens.get(index);
        if (token.kind() != Token.Kind.END) {
            index++;
        }
        return token;
    }
}
