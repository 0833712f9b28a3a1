package dev.modelregistry.query.search;

import java.time.Instant;
import java.util.List;

/**
 * A parsed, type-checked filter: what {@link FilterParser} produces and {@link FilterTranslator}
 * turns into an Elasticsearch query. Values are already of the field's type, so no text of the
 * filter ever reaches Elasticsearch as query syntax.
 */
sealed interface Filter {

    enum Comparator { EQ, NE, GT, GE, LT, LE }

    record And(List<Filter> operands) implements Filter {
        public And {
            operands = List.copyOf(operands);
        }
    }

    record Or(List<Filter> operands) implements Filter {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    record Not(Filter operand) implements Filter {
    }

    /** A number or integer field compared with a number. */
    record NumberComparison(SearchField field, Comparator comparator, double value) implements Filter {
    }

    /** A date field compared with an instant. */
    record TimeComparison(SearchField field, Comparator comparator, Instant value) implements Filter {
    }

    /**
     * A keyword field equal to one of the values ({@code =}, {@code IN}) or, when negated, to none
     * of them ({@code !=}, {@code NOT IN}).
     */
    record TermMatch(SearchField field, List<String> values, boolean negated) implements Filter {
        public TermMatch {
            values = List.copyOf(values);
        }
    }
}
