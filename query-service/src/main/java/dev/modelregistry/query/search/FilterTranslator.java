package dev.modelregistry.query.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns typed {@link Filter}s, the full-text {@code q} and {@link OrderBy} into Elasticsearch
 * queries built with the Java client's builders: bool, term(s), range, exists, multi_match. Values
 * travel as typed JSON values, never as query-string syntax.
 *
 * <p>Semantics: {@code field != v} and {@code NOT IN} on a single-valued field match documents
 * that have the field with another value (like SQL, a missing value matches neither {@code =} nor
 * {@code !=}); on multi-valued fields (alias, dataset, dataset_name, parent, file, file_path) they match documents
 * none of whose values is listed. {@code NOT expr} matches whatever {@code expr} does not.
 */
final class FilterTranslator {

    /** Index fields {@code q} searches: the model name (analysed sub-field) and the description. */
    static final List<String> TEXT_FIELDS = List.of("model.text^2", "description");
    /** The unique tie-breaker appended to every sort, so search_after pages are stable. */
    static final String TIE_BREAKER = "id";
    private static final String DATE_FORMAT = "strict_date_optional_time";

    private FilterTranslator() {
    }

    /** The whole query: full text (when {@code q} is not blank) AND the filter (when not null). */
    static Query query(String q, Filter filter) {
        return query(q, filter, TEXT_FIELDS);
    }

    /** As {@link #query(String, Filter)}, with {@code q} over {@code textFields}. */
    static Query query(String q, Filter filter, List<String> textFields) {
        List<Query> must = new ArrayList<>();
        if (q != null && !q.isBlank()) {
            must.add(Query.of(b -> b.multiMatch(m -> m
                    .query(q.strip())
                    .fields(textFields)
                    .type(TextQueryType.BoolPrefix)
                    .operator(Operator.And))));
        }
        List<Query> filters = filter == null ? List.of() : List.of(translate(filter));
        if (must.isEmpty() && filters.isEmpty()) {
            return Query.of(b -> b.matchAll(m -> m));
        }
        return Query.of(b -> b.bool(bool -> bool.must(must).filter(filters)));
    }

    static Query translate(Filter filter) {
        return switch (filter) {
            case Filter.And and -> Query.of(b -> b.bool(bool -> bool.filter(translateAll(and.operands()))));
            case Filter.Or or -> Query.of(b -> b.bool(bool -> bool.should(translateAll(or.operands()))
                    .minimumShouldMatch("1")));
            case Filter.Not not -> Query.of(b -> b.bool(bool -> bool.mustNot(translate(not.operand()))));
            case Filter.NumberComparison c -> number(c);
            case Filter.TimeComparison c -> time(c);
            case Filter.TermMatch t -> term(t);
        };
    }

    private static List<Query> translateAll(List<Filter> filters) {
        return filters.stream().map(FilterTranslator::translate).toList();
    }

    private static Query number(Filter.NumberComparison c) {
        String field = c.field().indexField();
        FieldValue value = c.field().kind() == SearchField.Kind.INTEGER
                ? FieldValue.of((long) c.value()) : FieldValue.of(c.value());
        double v = c.value();
        return switch (c.comparator()) {
            case EQ -> Query.of(b -> b.term(t -> t.field(field).value(value)));
            case NE -> present(field, Query.of(b -> b.term(t -> t.field(field).value(value))));
            case GT -> Query.of(b -> b.range(r -> r.number(n -> n.field(field).gt(v))));
            case GE -> Query.of(b -> b.range(r -> r.number(n -> n.field(field).gte(v))));
            case LT -> Query.of(b -> b.range(r -> r.number(n -> n.field(field).lt(v))));
            case LE -> Query.of(b -> b.range(r -> r.number(n -> n.field(field).lte(v))));
        };
    }

    private static Query time(Filter.TimeComparison c) {
        String field = c.field().indexField();
        String v = c.value().toString();
        Query equal = Query.of(b -> b.range(r -> r.date(d -> d.field(field).gte(v).lte(v).format(DATE_FORMAT))));
        return switch (c.comparator()) {
            case EQ -> equal;
            case NE -> present(field, equal);
            case GT -> Query.of(b -> b.range(r -> r.date(d -> d.field(field).gt(v).format(DATE_FORMAT))));
            case GE -> Query.of(b -> b.range(r -> r.date(d -> d.field(field).gte(v).format(DATE_FORMAT))));
            case LT -> Query.of(b -> b.range(r -> r.date(d -> d.field(field).lt(v).format(DATE_FORMAT))));
            case LE -> Query.of(b -> b.range(r -> r.date(d -> d.field(field).lte(v).format(DATE_FORMAT))));
        };
    }

    private static Query term(Filter.TermMatch t) {
        String field = t.field().indexField();
        Query match = t.values().size() == 1
                ? Query.of(b -> b.term(term -> term.field(field).value(FieldValue.of(t.values().getFirst()))))
                : Query.of(b -> b.terms(terms -> terms.field(field)
                        .terms(values -> values.value(t.values().stream().map(FieldValue::of).toList()))));
        if (!t.negated()) {
            return match;
        }
        return t.field().multiValued()
                ? Query.of(b -> b.bool(bool -> bool.mustNot(match)))
                : present(field, match);
    }

    /** Has the field, and not {@code excluded}. */
    private static Query present(String field, Query excluded) {
        return Query.of(b -> b.bool(bool -> bool
                .filter(Query.of(e -> e.exists(x -> x.field(field))))
                .mustNot(excluded)));
    }

    /** The sort of a search: the requested keys (default: score with q, newest first without), then {@code id}. */
    static List<SortOptions> sort(OrderBy orderBy, boolean hasText) {
        return sort(orderBy, hasText, "created_at", TIE_BREAKER);
    }

    /** As {@link #sort(OrderBy, boolean)} for an index whose time field and unique id field are given. */
    static List<SortOptions> sort(OrderBy orderBy, boolean hasText, String newestFirst, String tieBreaker) {
        List<SortOptions> sort = new ArrayList<>();
        if (orderBy == null) {
            if (hasText) {
                sort.add(SortOptions.of(s -> s.score(score -> score.order(SortOrder.Desc))));
            } else {
                sort.add(fieldSort(newestFirst, FieldType.Date, SortOrder.Desc));
            }
        } else {
            for (OrderBy.Key key : orderBy.keys()) {
                SortOrder order = key.direction() == OrderBy.Direction.DESC ? SortOrder.Desc : SortOrder.Asc;
                if (key.isScore()) {
                    sort.add(SortOptions.of(s -> s.score(score -> score.order(order))));
                } else {
                    sort.add(fieldSort(key.field().indexField(), fieldType(key.field()), order));
                }
            }
        }
        sort.add(fieldSort(tieBreaker, FieldType.Keyword, SortOrder.Asc));
        return sort;
    }

    private static SortOptions fieldSort(String field, FieldType type, SortOrder order) {
        return SortOptions.of(s -> s.field(f -> f.field(field).order(order).missing("_last").unmappedType(type)));
    }

    private static FieldType fieldType(SearchField field) {
        return switch (field.kind()) {
            case NUMBER -> FieldType.Double;
            case INTEGER -> FieldType.Integer;
            case DATE -> FieldType.Date;
            case KEYWORD, STAGE, RUN_STATUS -> FieldType.Keyword;
        };
    }
}
