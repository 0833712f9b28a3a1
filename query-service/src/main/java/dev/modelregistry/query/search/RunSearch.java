package dev.modelregistry.query.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.modelregistry.query.search.SearchResults.RunHit;
import dev.modelregistry.query.search.SearchResults.RunPage;
import dev.modelregistry.query.support.Scopes;
import dev.modelregistry.query.web.PageTokenCodec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Searches the runs index with the filter language over {@link SearchField.Catalogue#RUNS}: full
 * text over run names, typed filters, any sort, facets, keyset pages through {@code search_after};
 * only runs of the readable namespaces (the {@code namespace} field of each run).
 */
@Component("queryRunSearch")
class RunSearch {

    private static final Logger LOG = LoggerFactory.getLogger(RunSearch.class);
    static final List<String> TEXT_FIELDS = List.of("name.text");

    private final SearchBackend backend;
    private final IndexSearch<RunDocument> search;

    RunSearch(SearchBackend backend, PageTokenCodec tokens) {
        this.backend = backend;
        this.search = new IndexSearch<>(backend, tokens, RunDocument.class, LOG, "a run search");
    }

    /** @param readable the namespaces whose runs may be found; null for every namespace */
    RunPage search(VersionSearch.Criteria criteria, Set<String> readable, int pageSize, String pageToken) {
        boolean hasText = criteria.q() != null && !criteria.q().isBlank();
        String scope = Scopes.of("search-runs", hasText ? criteria.q().strip() : null, criteria.filterText(),
                criteria.orderByText());
        var sort = FilterTranslator.sort(criteria.orderBy(), hasText, "start_time", "run_id");
        Query matching = FilterTranslator.query(criteria.q(), criteria.filter(), TEXT_FIELDS);
        Query query = readable == null ? matching
                : Query.of(b -> b.bool(bool -> bool.must(matching).filter(inNamespaces(readable))));
        IndexSearch.Page<RunHit> page = search.page(backend.runsIndex(), scope, query, sort, criteria.facets(),
                pageSize, pageToken, hit -> hit(hit, hasText));
        return new RunPage(page.items(), page.total(), page.next(), page.facets());
    }

    static Query inNamespaces(Set<String> namespaces) {
        if (namespaces.isEmpty()) {
            return Query.of(q -> q.matchNone(m -> m));
        }
        return Query.of(q -> q.terms(t -> t.field("namespace")
                .terms(v -> v.value(namespaces.stream().sorted().map(FieldValue::of).toList()))));
    }

    private static RunHit hit(Hit<RunDocument> hit, boolean withScore) {
        RunDocument d = hit.source();
        if (d == null) {
            return new RunHit(hit.id(), null, null, null, null, null, null, null, null, null, null, Map.of(),
                    Map.of(), Map.of(), List.of(), List.of(), null, null);
        }
        Map<String, Object> metrics = new TreeMap<>();
        if (d.metrics() != null) {
            metrics.putAll(d.metrics());
        }
        if (d.nonfiniteMetrics() != null) {
            for (String key : d.nonfiniteMetrics()) {
                RunDocument.Point point = d.latestPoints() == null ? null : d.latestPoints().get(key);
                metrics.put(key, point == null || point.value() == null ? "NaN" : point.value());
            }
        }
        return new RunHit(d.runId() != null ? d.runId() : hit.id(), d.experimentId(), d.namespace(), d.name(),
                d.status(), VersionSearch.instant(d.startTime()), VersionSearch.instant(d.endTime()), d.durationMs(),
                d.framework(), d.frameworkVersion(), d.codeCommit(), metrics,
                d.params() == null ? Map.of() : new TreeMap<>(d.params()),
                d.tags() == null ? Map.of() : new TreeMap<>(d.tags()),
                d.datasetDigests() == null ? List.of() : d.datasetDigests(),
                d.datasetNames() == null ? List.of() : d.datasetNames(), d.createdBy(),
                withScore && hit.score() != null && !hit.score().isNaN() ? hit.score() : null);
    }
}
