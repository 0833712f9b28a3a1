package dev.modelregistry.query.search;

import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import dev.modelregistry.query.search.SearchResults.FacetCount;
import dev.modelregistry.query.web.QueryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code facets} parameter of both searches: a comma-separated list of keyword fields of the
 * index ({@code framework}, {@code stage}, {@code status}, {@code tags.<key>}, ...), each answered
 * with a terms aggregation over the matching documents (the {@value #MAX_VALUES} most frequent values).
 */
final class Facets {

    static final String PARAMETER = "facets";
    static final int MAX_FACETS = 10;
    static final int MAX_VALUES = 50;
    private static final String PREFIX = "facet_";

    private Facets() {
    }

    /** @throws QueryException 400 {@code invalid_parameter} on {@code facets} for an unknown or non-keyword field */
    static List<SearchField> parse(String text, SearchField.Catalogue catalogue) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<SearchField> fields = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String name = part.strip();
            SearchField field = catalogue.resolve(name).orElseThrow(() -> QueryException.badParameter(PARAMETER,
                    "facets: unknown field '" + printable(name) + "'; fields are " + catalogue.knownFields()));
            if (field.kind() == SearchField.Kind.NUMBER || field.kind() == SearchField.Kind.INTEGER
                    || field.kind() == SearchField.Kind.DATE) {
                throw QueryException.badParameter(PARAMETER, "facets: " + name
                        + " is not a keyword field; facets count values of fields such as framework or tags.<key>");
            }
            if (fields.stream().noneMatch(f -> f.name().equals(field.name()))) {
                fields.add(field);
            }
        }
        if (fields.size() > MAX_FACETS) {
            throw QueryException.badParameter(PARAMETER, "facets: at most " + MAX_FACETS + " fields");
        }
        return fields;
    }

    private static String printable(String name) {
        String shown = name.length() > 64 ? name.substring(0, 64) + "..." : name;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    /** One terms aggregation per facet, named by its position (field names may hold any character). */
    static Map<String, Aggregation> aggregations(List<SearchField> facets) {
        Map<String, Aggregation> aggregations = new LinkedHashMap<>();
        for (int i = 0; i < facets.size(); i++) {
            String field = facets.get(i).indexField();
            aggregations.put(PREFIX + i, Aggregation.of(a -> a.terms(t -> t.field(field).size(MAX_VALUES))));
        }
        return aggregations;
    }

    /** The facets of an answer; null when none was asked for (the answer then has no {@code facets}). */
    static Map<String, List<FacetCount>> read(List<SearchField> facets, Map<String, Aggregate> aggregations) {
        if (facets.isEmpty()) {
            return null;
        }
        Map<String, List<FacetCount>> result = new LinkedHashMap<>();
        for (int i = 0; i < facets.size(); i++) {
            Aggregate aggregate = aggregations == null ? null : aggregations.get(PREFIX + i);
            List<FacetCount> counts = new ArrayList<>();
            if (aggregate != null && aggregate.isSterms()) {
                for (StringTermsBucket bucket : aggregate.sterms().buckets().array()) {
                    counts.add(new FacetCount(bucket.key().stringValue(), bucket.docCount()));
                }
            }
            result.put(facets.get(i).name(), counts);
        }
        return result;
    }

    static Map<String, List<FacetCount>> empty(List<SearchField> facets) {
        return read(facets, Map.of());
    }
}
