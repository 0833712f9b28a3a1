package dev.modelregistry.query.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.modelregistry.access.Namespaces;
import dev.modelregistry.query.search.SearchResults.SearchPage;
import dev.modelregistry.query.search.SearchResults.VersionHit;
import dev.modelregistry.query.support.Rfc3339;
import dev.modelregistry.query.support.Scopes;
import dev.modelregistry.query.web.PageTokenCodec;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Searches the version index: full text, typed filters, any sort, keyset pages through
 * {@code search_after} (the last hit's sort values, in the page token; see {@link IndexSearch}).
 */
@Component("queryVersionSearch")
class VersionSearch {

    private static final Logger LOG = LoggerFactory.getLogger(VersionSearch.class);

    /** What to search. {@code filter} and {@code orderBy} are null when not given. */
    record Criteria(String q, String filterText, Filter filter, String orderByText, OrderBy orderBy,
                    List<SearchField> facets) {
        Criteria {
            facets = facets == null ? List.of() : List.copyOf(facets);
        }

        Criteria(String q, String filterText, Filter filter, String orderByText, OrderBy orderBy) {
            this(q, filterText, filter, orderByText, orderBy, List.of());
        }
    }

    private final SearchBackend backend;
    private final IndexSearch<VersionDocument> search;

    VersionSearch(SearchBackend backend, PageTokenCodec tokens) {
        this.backend = backend;
        this.search = new IndexSearch<>(backend, tokens, VersionDocument.class, LOG, "a search");
    }

    /** @param readable the namespaces whose versions may be found; null for every namespace */
    SearchPage search(Criteria criteria, Set<String> readable, int pageSize, String pageToken) {
        boolean hasText = criteria.q() != null && !criteria.q().isBlank();
        String scope = Scopes.of("search", hasText ? criteria.q().strip() : null, criteria.filterText(),
                criteria.orderByText());
        var sort = FilterTranslator.sort(criteria.orderBy(), hasText);
        Query query = readable == null ? FilterTranslator.query(criteria.q(), criteria.filter())
                : Query.of(b -> b.bool(bool -> bool.must(FilterTranslator.query(criteria.q(), criteria.filter()))
                        .filter(inNamespaces(readable))));
        IndexSearch.Page<VersionHit> page = search.page(backend.index(), scope, query, sort, criteria.facets(),
                pageSize, pageToken, hit -> hit(hit, hasText));
        return new SearchPage(page.items(), page.total(), page.next(), page.facets());
    }

    /**
     * Versions of models in the namespaces: a prefix query on the model name ({@code ns.}) per namespace,
     * and names without a dot for {@code default}. No field of its own in the index, so an index built
     * before namespaces existed needs no rebuild.
     */
    static Query inNamespaces(Set<String> namespaces) {
        List<Query> any = new ArrayList<>();
        for (String namespace : new TreeSet<>(namespaces)) {
            if (Namespaces.DEFAULT.equals(namespace)) {
                any.add(Query.of(q -> q.regexp(r -> r.field("model").value("[^.]*"))));
            } else {
                any.add(Query.of(q -> q.prefix(p -> p.field("model").value(namespace + "."))));
            }
        }
        if (any.isEmpty()) {
            return Query.of(q -> q.matchNone(m -> m));
        }
        return Query.of(q -> q.bool(b -> b.should(any).minimumShouldMatch("1")));
    }

    private static VersionHit hit(Hit<VersionDocument> hit, boolean withScore) {
        VersionDocument d = hit.source();
        if (d == null) {
            d = new VersionDocument(hit.id(), null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, null, null);
        }
        String id = d.id() != null ? d.id() : hit.id();
        return new VersionHit(id, d.model(), d.version() == null ? 0 : d.version(), d.stage(),
                d.aliases() == null ? List.of() : d.aliases().stream().sorted().toList(),
                d.framework(), d.frameworkVersion(), d.description(), sorted(d.metrics()), sorted(d.params()),
                sorted(d.tags()), d.lineageHash(), d.runId(), d.codeCommit(), instant(d.createdAt()), d.createdBy(),
                withScore && hit.score() != null && !hit.score().isNaN() ? hit.score() : null);
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return map == null ? Map.of() : new TreeMap<>(map);
    }

    static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit) && text.length() < 19) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        return Rfc3339.parse(text).orElse(null);
    }

    /** Sort values of a hit as page-token cursor values. */
    static List<Object> cursor(List<FieldValue> sortValues) {
        List<Object> cursor = new ArrayList<>(sortValues.size());
        for (FieldValue value : sortValues) {
            cursor.add(switch (value._kind()) {
                case Long -> value.longValue();
                case Double -> value.doubleValue();
                case Boolean -> value.booleanValue();
                case String -> value.stringValue();
                case Null -> null;
                case Any -> value.anyValue().toString();
            });
        }
        return cursor;
    }

    /** Page-token cursor values as search_after values; the count must match the sort. */
    static List<FieldValue> searchAfter(List<Object> cursor, int sortKeys) {
        if (cursor.size() != sortKeys) {
            throw invalidToken();
        }
        List<FieldValue> values = new ArrayList<>(cursor.size());
        for (Object value : cursor) {
            values.add(switch (value) {
                case null -> FieldValue.NULL;
                case Long l -> FieldValue.of(l.longValue());
                case Double d -> FieldValue.of(d.doubleValue());
                case Boolean b -> FieldValue.of(b.booleanValue());
                case String s -> FieldValue.of(s);
                default -> throw invalidToken();
            });
        }
        return values;
    }

    static QueryException invalidToken() {
        return new QueryException(ProblemType.INVALID_PAGE_TOKEN, PageTokenCodec.PARAMETER,
                "page_token is not a token this query returned; start again without page_token");
    }

    static QueryException unavailable() {
        return new QueryException(ProblemType.SEARCH_UNAVAILABLE, null,
                "The search index is unavailable; try again shortly", Map.of(), Duration.ofSeconds(5));
    }
}
