package dev.modelregistry.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelregistry.query.search.Filter.Comparator;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterParserTest {

    private static FilterSyntaxException failure(String filter) {
        try {
            FilterParser.parse(filter);
        } catch (FilterSyntaxException e) {
            return e;
        }
        throw new AssertionError("expected a syntax error for: " + filter);
    }

    @Test
    void parsesTheExampleOfTheIssue() {
        Filter filter = FilterParser.parse("metrics.accuracy >= 0.9 AND stage = 'Production' AND tags.team = 'fraud'");

        assertThat(filter).isInstanceOf(Filter.And.class);
        List<Filter> operands = ((Filter.And) filter).operands();
        assertThat(operands).hasSize(3);
        assertThat(operands.get(0)).isEqualTo(new Filter.NumberComparison(
                SearchField.resolve("metrics.accuracy").orElseThrow(), Comparator.GE, 0.9));
        assertThat(operands.get(1)).isEqualTo(new Filter.TermMatch(
                SearchField.resolve("stage").orElseThrow(), List.of("Production"), false));
        assertThat(operands.get(2)).isEqualTo(new Filter.TermMatch(
                SearchField.resolve("tags.team").orElseThrow(), List.of("fraud"), false));
    }

    @Test
    void andBindsTighterThanOrAndParenthesesGroup() {
        Filter filter = FilterParser.parse("version = 1 OR version = 2 AND framework = 'x'");
        assertThat(filter).isInstanceOf(Filter.Or.class);
        assertThat(((Filter.Or) filter).operands().get(1)).isInstanceOf(Filter.And.class);

        Filter grouped = FilterParser.parse("(version = 1 OR version = 2) AND framework = 'x'");
        assertThat(grouped).isInstanceOf(Filter.And.class);
        assertThat(((Filter.And) grouped).operands().get(0)).isInstanceOf(Filter.Or.class);
    }

    @Test
    void flattensNestedConjunctions() {
        Filter filter = FilterParser.parse("version > 1 AND (version < 9 AND (model = 'a' AND run_id = 'r'))");
        assertThat(((Filter.And) filter).operands()).hasSize(4);
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertThat(FilterParser.parse("version = 1 and not model = 'a' or version in (3, 4)"))
                .isInstanceOf(Filter.Or.class);
    }

    @Test
    void inAndNotInOnKeywords() {
        Filter in = FilterParser.parse("alias IN ('champion', 'challenger')");
        assertThat(in).isEqualTo(new Filter.TermMatch(SearchField.resolve("alias").orElseThrow(),
                List.of("champion", "challenger"), false));
        Filter notIn = FilterParser.parse("framework NOT IN ('sklearn')");
        assertThat(((Filter.TermMatch) notIn).negated()).isTrue();
    }

    @Test
    void inOnNumbersBecomesComparisons() {
        assertThat(FilterParser.parse("version IN (1, 2)")).isInstanceOf(Filter.Or.class);
        assertThat(FilterParser.parse("version NOT IN (1, 2)")).isInstanceOf(Filter.And.class);
        assertThat(FilterParser.parse("version IN (7)")).isInstanceOf(Filter.NumberComparison.class);
    }

    @Test
    void stageLabelsAreCanonicalised() {
        Filter filter = FilterParser.parse("stage = 'production'");
        assertThat(((Filter.TermMatch) filter).values()).containsExactly("Production");
    }

    @Test
    void createdAtTakesRfc3339TimesAndDates() {
        Filter filter = FilterParser.parse("created_at >= '2026-11-23T06:01:00+01:00'");
        assertThat(((Filter.TimeComparison) filter).value()).isEqualTo(Instant.parse("2026-11-23T05:01:00Z"));
        Filter date = FilterParser.parse("created_at < '2026-11-24'");
        assertThat(((Filter.TimeComparison) date).value()).isEqualTo(Instant.parse("2026-11-24T00:00:00Z"));
    }

    @Test
    void stringsEscapeQuotesByDoubling() {
        Filter filter = FilterParser.parse("params.note = 'it''s'");
        assertThat(((Filter.TermMatch) filter).values()).containsExactly("it's");
    }

    @Test
    void backQuotedKeysHoldAnyCharacter() {
        Filter filter = FilterParser.parse("metrics.`val loss (%)` < 0.5");
        assertThat(((Filter.NumberComparison) filter).field().indexField()).isEqualTo("metrics.val loss (%)");
    }

    @Test
    void dashesAndDotsInKeys() {
        Filter filter = FilterParser.parse("metrics.val-loss.top_1 <= -1.5e-3");
        Filter.NumberComparison comparison = (Filter.NumberComparison) filter;
        assertThat(comparison.field().indexField()).isEqualTo("metrics.val-loss.top_1");
        assertThat(comparison.value()).isEqualTo(-0.0015);
    }

    @Test
    void allOperators() {
        for (String op : List.of("=", "!=", "<>", ">", ">=", "<", "<=")) {
            assertThat(FilterParser.parse("metrics.f1 " + op + " 1")).isInstanceOf(Filter.NumberComparison.class);
        }
        assertThat(((Filter.NumberComparison) FilterParser.parse("metrics.f1<>1")).comparator())
                .isEqualTo(Comparator.NE);
    }

    @Test
    void everyListedIdentifierResolves() {
        for (String field : List.of("model", "version", "stage", "alias", "framework", "run_id", "code_commit",
                "dataset", "lineage_hash", "created_at", "metrics.a", "params.a", "tags.a")) {
            assertThat(SearchField.resolve(field)).as(field).isPresent();
        }
    }

    // ---- errors: message, token and offset ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            metrics.a > 1 OR 1=1; DROP TABLE       | ;           | 20
            *:*                                    | *           | 0
            stage = 'Production                    | 'Production | 8
            nonsense = 'x'                         | nonsense    | 0
            metrics.f1 > 'high'                    | 'high'      | 13
            params.lr > '0.1'                      | >           | 10
            params.lr = 0.1                        | 0.1         | 12
            stage = 'Live'                         | 'Live'      | 8
            version = 1.5                          | 1.5         | 10
            created_at > 'yesterday'               | 'yesterday' | 13
            (version = 1                           | ~~          | 12
            version = 1)                           | )           | 11
            version = 1 version = 2                | version     | 12
            version =                              | ~~          | 9
            AND version = 1                        | AND         | 0
            version = 1 AND                        | ~~          | 15
            model                                  | ~~          | 5
            metrics. > 1                           | metrics.    | 0
            metrics.a* > 1                         | *           | 9
            metrics.`a*` > 1                       | metrics.`a*`| 0
            tags.team = "fraud"                    | "           | 12
            version ! 1                            | !           | 8
            version IN 1                           | 1           | 11
            version NOT 1                          | 1           | 12
            created_at IN ('2026-01-01')           | (           | 14
            metrics.a = 1e999                      | 1e999       | 12
            metrics.a = 12abc                      | 12abc       | 12
            model = 'a' OR model = 'b' AND         | ~~          | 30
            """)
    void rejectsWithTheOffendingTokenAndItsOffset(String filter, String token, int offset) {
        FilterSyntaxException e = failure(filter);
        assertThat(e.token()).as(e.getMessage()).isEqualTo(token);
        assertThat(e.offset()).as(e.getMessage()).isEqualTo(offset);
    }

    @Test
    void emptyFilterIsAnError() {
        assertThat(failure("   ").getMessage()).contains("empty");
    }

    @Test
    void injectionAttemptsNeverParse() {
        for (String hostile : List.of(
                "metrics.a > 1 OR 1=1; DROP TABLE versions",
                "model = 'a' OR '1'='1'",
                "model = '' OR 1=1 --'",
                "stage = 'Production' } }, \"match_all\": {",
                "_id:*",
                "model:fraud*",
                "tags.team = 'fraud' || true",
                "metrics.a > 1 /* comment */",
                "metrics.`a` > 1 AND metrics.`*` > 0",
                "tags.team = 'fraud\u0000'",
                "{\"match_all\": {}}")) {
            assertThatThrownBy(() -> FilterParser.parse(hostile)).as(hostile).isInstanceOf(FilterSyntaxException.class);
        }
    }

    @Test
    void quotedValuesAreDataNotSyntax() {
        Filter filter = FilterParser.parse("model = '*:* OR 1=1'");
        assertThat(((Filter.TermMatch) filter).values()).containsExactly("*:* OR 1=1");
    }

    @Test
    void unbalancedQuoteReportsWhereTheStringStarts() {
        FilterSyntaxException e = failure("model = 'a' AND tags.x = 'b");
        assertThat(e.offset()).isEqualTo(25);
        assertThat(e.getMessage()).contains("unterminated string");
    }

    @Test
    void unknownIdentifierListsTheKnownFields() {
        assertThat(failure("accuracy > 0.9").getMessage()).contains("unknown field").contains("metrics.<key>");
    }

    @Test
    void inputLongerThan4KiBIsRefusedAtTheLimit() {
        String huge = "version = 1" + " AND version = 1".repeat(400);
        assertThat(huge.length()).isGreaterThan(FilterParser.MAX_LENGTH);
        FilterSyntaxException e = failure(huge);
        assertThat(e.offset()).isEqualTo(FilterParser.MAX_LENGTH);
        assertThat(e.getMessage()).contains("4096");
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "(".repeat(40) + "version = 1" + ")".repeat(40);
        FilterSyntaxException e = failure(deep);
        assertThat(e.getMessage()).contains("nested");
        assertThat(e.offset()).isEqualTo(FilterParser.MAX_DEPTH);

        String nots = "NOT ".repeat(40) + "version = 1";
        assertThat(failure(nots).getMessage()).contains("nested");
    }

    @Test
    void tooManyComparisonsAreRefused() {
        String many = "version = 1" + " OR version = 1".repeat(FilterParser.MAX_COMPARISONS);
        assertThat(many.length()).isLessThan(FilterParser.MAX_LENGTH);
        assertThat(failure(many).getMessage()).contains("comparisons");
    }

    @Test
    void longTokensAreShortenedInTheError() {
        FilterSyntaxException e = failure("model = '" + "x".repeat(2000) + "'");
        assertThat(e.token().length()).isLessThanOrEqualTo(67);
        assertThat(e.offset()).isEqualTo(8);
    }
}
