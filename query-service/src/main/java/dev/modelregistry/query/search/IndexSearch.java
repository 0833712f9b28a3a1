package dev.modelregistry.query.search;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.modelregistry.query.search.SearchResults.FacetCount;
import dev.modelregistry.query.web.PageTokenCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * One page of a search of one index, the same for versions and runs: keyset pages through
 * {@code search_after} (the last hit's sort values, in the page token), one hit more than the page to
 * know whether there is a next one, facets; a missing index is an empty page (the search projector has
 * not created it yet: nothing is indexed), a failing Elasticsearch is {@code search_unavailable}.
 *
 * @param <D> the document type of the index
 */
final class IndexSearch<D> {

    /** A page of hits before it becomes the answer of its endpoint. */
    record Page<H>(List<H> items, long total, String next, Map<String, List<FacetCount>> facets) {
    }

    private final SearchBackend backend;
    private final PageTokenCodec tokens;
    private final Class<D> type;
    private final Logger log;
    private final String what;

    /** @param what what a failed search was, for the log ("a search", "a run search") */
    IndexSearch(SearchBackend backend, PageTokenCodec tokens, Class<D> type, Logger log, String what) {
        this.backend = backend;
        this.tokens = tokens;
        this.type = type;
        this.log = log;
        this.what = what;
    }

    /** @param scope what the page token is bound to: a token of another query is refused */
    <H> Page<H> page(String index, String scope, Query query, List<SortOptions> sort, List<SearchField> facets,
                     int pageSize, String pageToken, Function<Hit<D>, H> toHit) {
        List<FieldValue> after = pageToken == null ? null
                : VersionSearch.searchAfter(tokens.decode(scope, pageToken), sort.size());
        SearchRequest request = SearchRequest.of(s -> {
            s.index(index)
                    .query(query)
                    .sort(sort)
                    .size(pageSize + 1)
                    .trackTotalHits(t -> t.enabled(true));
            if (after != null) {
                s.searchAfter(after);
            }
            Facets.aggregations(facets).forEach(s::aggregations);
            return s;
        });
        SearchResponse<D> response;
        try {
            response = backend.client().search(request, type);
        } catch (ElasticsearchException e) {
            if (e.status() == 404 && e.error() != null && "index_not_found_exception".equals(e.error().type())) {
                return new Page<>(List.of(), 0, null, Facets.empty(facets));
            }
            if (e.status() >= 500 || e.status() == 429) {
                log.warn("Elasticsearch failed {}: {}", what, e.getMessage());
                throw VersionSearch.unavailable();
            }
            throw e;
        } catch (IOException e) {
            log.warn("Elasticsearch unreachable: {}", e.toString());
            throw VersionSearch.unavailable();
        }
        List<Hit<D>> hits = response.hits().hits();
        long total = response.hits().total() == null ? hits.size() : response.hits().total().value();
        String next = null;
        List<Hit<D>> shown = hits;
        if (hits.size() > pageSize) {
            shown = hits.subList(0, pageSize);
            next = tokens.encode(scope, VersionSearch.cursor(shown.getLast().sort()));
        }
        List<H> items = new ArrayList<>(shown.size());
        for (Hit<D> hit : shown) {
            items.add(toHit.apply(hit));
        }
        return new Page<>(items, total, next, Facets.read(facets, response.aggregations()));
    }
}
