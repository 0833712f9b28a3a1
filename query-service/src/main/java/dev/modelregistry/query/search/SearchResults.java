package dev.modelregistry.query.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON shapes of {@code GET /api/v1/search/versions} (snake_case on the wire). */
final class SearchResults {

    private SearchResults() {
    }

    /** One page of hits; {@code total_hits} counts every match, not only this page. */
    record SearchPage(List<VersionHit> items, long totalHits, String nextPageToken,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, List<FacetCount>> facets) {
        SearchPage(List<VersionHit> items, long totalHits, String nextPageToken) {
            this(items, totalHits, nextPageToken, null);
        }
    }

    /** One page of runs; {@code facets} only when asked for. */
    record RunPage(List<RunHit> items, long totalHits, String nextPageToken,
                   @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, List<FacetCount>> facets) {
    }

    /** One value of a facet and how many matching documents have it. */
    record FacetCount(String value, long count) {
    }

    /**
     * A run as found in the runs index. {@code metrics} holds numbers, and the strings "NaN",
     * "Infinity", "-Infinity" for latest values that are not finite.
     */
    record RunHit(String runId, String experimentId, String namespace, String name, String status,
                  Instant startTime, Instant endTime, Long durationMs, String framework, String frameworkVersion,
                  String codeCommit, Map<String, Object> metrics, Map<String, String> params,
                  Map<String, String> tags, List<String> datasetDigests, List<String> datasetNames,
                  String createdBy, @JsonInclude(JsonInclude.Include.NON_NULL) Double score) {
    }

    /** A version summary as found in the search index. {@code score} is present when ranked by {@code q}. */
    record VersionHit(String id, String model, int version, String stage, List<String> aliases, String framework,
                      String frameworkVersion, String description, Map<String, Double> metrics,
                      Map<String, String> params, Map<String, String> tags, String lineageHash, String runId,
                      String codeCommit, Instant createdAt, String createdBy,
                      @JsonInclude(JsonInclude.Include.NON_NULL) Double score) {
    }
}
