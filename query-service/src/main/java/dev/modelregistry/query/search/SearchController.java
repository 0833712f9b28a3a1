package dev.modelregistry.query.search;

import dev.modelregistry.query.access.ReadScope;
import dev.modelregistry.query.consistency.Projector;
import dev.modelregistry.query.consistency.ReadsFrom;
import dev.modelregistry.query.search.SearchResults.RunPage;
import dev.modelregistry.query.search.SearchResults.SearchPage;
import dev.modelregistry.query.web.PageSize;
import dev.modelregistry.query.web.PageTokenCodec;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/search/versions} and {@code GET /api/v1/search/runs}: full text, filters, sort and
 * facets over the version and run indices, limited to the namespaces the caller may read.
 */
@RestController("querySearchController")
@RequestMapping(path = "/api/v1/search", produces = MediaType.APPLICATION_JSON_VALUE)
@ReadsFrom(Projector.SEARCH)
class SearchController {

    static final int MAX_Q_LENGTH = 1024;

    private final VersionSearch search;
    private final RunSearch runs;
    private final ReadScope scope;

    SearchController(VersionSearch search, RunSearch runs, ReadScope scope) {
        this.search = search;
        this.runs = runs;
        this.scope = scope;
    }

    @GetMapping("/versions")
    SearchPage versions(@RequestParam(required = false) String q,
                        @RequestParam(required = false) String filter,
                        @RequestParam(name = "order_by", required = false) String orderBy,
                        @RequestParam(name = PageSize.PARAMETER, required = false) String pageSize,
                        @RequestParam(name = PageTokenCodec.PARAMETER, required = false) String pageToken,
                        @RequestParam(name = Facets.PARAMETER, required = false) String facets) {
        return search(q, filter, orderBy, pageSize, pageToken, facets, SearchField.Catalogue.VERSIONS, search::search);
    }

    @GetMapping("/runs")
    RunPage runs(@RequestParam(required = false) String q,
                 @RequestParam(required = false) String filter,
                 @RequestParam(name = "order_by", required = false) String orderBy,
                 @RequestParam(name = PageSize.PARAMETER, required = false) String pageSize,
                 @RequestParam(name = PageTokenCodec.PARAMETER, required = false) String pageToken,
                 @RequestParam(name = Facets.PARAMETER, required = false) String facets) {
        return search(q, filter, orderBy, pageSize, pageToken, facets, SearchField.Catalogue.RUNS, runs::search);
    }

    /** One search of either index: {@link VersionSearch#search} or {@link RunSearch#search}. */
    @FunctionalInterface
    private interface Search<P> {
        P search(VersionSearch.Criteria criteria, Set<String> readable, int pageSize, String pageToken);
    }

    private <P> P search(String q, String filter, String orderBy, String pageSize, String pageToken, String facets,
                         SearchField.Catalogue catalogue, Search<P> searcher) {
        int size = PageSize.parse(pageSize);
        VersionSearch.Criteria criteria = criteria(q, filter, orderBy, facets, catalogue);
        return searcher.search(criteria, scope.readableNamespaces(), size,
                pageToken == null || pageToken.isEmpty() ? null : pageToken);
    }

    static VersionSearch.Criteria criteria(String q, String filter, String orderBy) {
        return criteria(q, filter, orderBy, null, SearchField.Catalogue.VERSIONS);
    }

    static VersionSearch.Criteria criteria(String q, String filter, String orderBy, String facets,
                                           SearchField.Catalogue catalogue) {
        if (q != null && q.length() > MAX_Q_LENGTH) {
            throw QueryException.badParameter("q", "q must be at most " + MAX_Q_LENGTH + " characters");
        }
        if (q != null && q.chars().anyMatch(Character::isISOControl)) {
            throw QueryException.badParameter("q", "q must not contain control characters");
        }
        Filter parsedFilter = null;
        if (filter != null && !filter.isBlank()) {
            try {
                parsedFilter = FilterParser.parse(filter, catalogue);
            } catch (FilterSyntaxException e) {
                throw problem(ProblemType.INVALID_FILTER, "filter", e);
            }
        }
        OrderBy parsedOrderBy = null;
        if (orderBy != null && !orderBy.isBlank()) {
            try {
                parsedOrderBy = OrderBy.parse(orderBy, catalogue);
            } catch (FilterSyntaxException e) {
                throw problem(ProblemType.INVALID_ORDER_BY, "order_by", e);
            }
        }
        List<SearchField> parsedFacets = Facets.parse(facets, catalogue);
        return new VersionSearch.Criteria(q, parsedFilter == null ? null : filter, parsedFilter,
                parsedOrderBy == null ? null : orderBy, parsedOrderBy, parsedFacets);
    }

    private static QueryException problem(ProblemType type, String field, FilterSyntaxException e) {
        String detail = field + ": " + e.getMessage() + " at offset " + e.offset();
        return new QueryException(type, field, detail, Map.of("token", e.token(), "offset", e.offset()), null);
    }
}
