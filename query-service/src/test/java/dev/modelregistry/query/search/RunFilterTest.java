package dev.modelregistry.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import dev.modelregistry.query.web.QueryException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

/** The filter language, order_by and facets over the fields of the runs index. */
class RunFilterTest {

    private static final JacksonJsonpMapper MAPPER = new JacksonJsonpMapper();
    private static final SearchField.Catalogue RUNS = SearchField.Catalogue.RUNS;

    private static String filter(String filter) {
        return JsonpUtils.toJsonString(FilterTranslator.translate(FilterParser.parse(filter, RUNS)), MAPPER);
    }

    @Test
    void metricAndParamComparisonsTranslateToRangeAndTerm() throws Exception {
        JSONAssert.assertEquals("""
                {"bool":{"filter":[
                  {"range":{"metrics.f1":{"gt":0.9}}},
                  {"term":{"params.max_depth":{"value":"15"}}}]}}""",
                filter("metrics.f1 > 0.9 AND params.max_depth = '15'"), JSONCompareMode.STRICT);
    }

    @Test
    void runFieldsMapToTheRunIndex() throws Exception {
        JSONAssert.assertEquals("""
                {"bool":{"filter":[
                  {"term":{"status":{"value":"FINISHED"}}},
                  {"term":{"dataset_digests":{"value":"sha"}}},
                  {"range":{"start_time":{"gte":"2026-11-01T00:00:00Z","format":"strict_date_optional_time"}}},
                  {"terms":{"framework":["sklearn","xgboost"]}},
                  {"term":{"experiment_id":{"value":"e1"}}}]}}""",
                filter("status = 'finished' AND dataset = 'sha' AND start_time >= '2026-11-01T00:00:00Z'"
                        + " AND framework IN ('sklearn', 'xgboost') AND experiment_id = 'e1'"), JSONCompareMode.STRICT);
    }

    @Test
    void versionOnlyFieldsAndUnknownStatusesAreRefusedAtTheirToken() {
        assertThatThrownBy(() -> FilterParser.parse("stage = 'Production'", RUNS))
                .isInstanceOf(FilterSyntaxException.class)
                .satisfies(e -> assertThat(((FilterSyntaxException) e).offset()).isZero())
                .hasMessageContaining("unknown field");
        assertThatThrownBy(() -> FilterParser.parse("metrics.f1 > 1 AND status = 'DONE'", RUNS))
                .isInstanceOf(FilterSyntaxException.class)
                .satisfies(e -> assertThat(((FilterSyntaxException) e).offset()).isEqualTo(28))
                .hasMessageContaining("unknown status");
        assertThatThrownBy(() -> FilterParser.parse("status = 'FINISHED'"))
                .isInstanceOf(FilterSyntaxException.class);
    }

    @Test
    void injectionAttemptsAreRefusedOrPlainValues() throws Exception {
        assertThatThrownBy(() -> FilterParser.parse("name:* OR _exists_:run_id", RUNS))
                .isInstanceOf(FilterSyntaxException.class);
        assertThatThrownBy(() -> FilterParser.parse("params.`a*` = 'x'", RUNS))
                .isInstanceOf(FilterSyntaxException.class);
        JSONAssert.assertEquals("""
                {"term":{"name":{"value":"x' OR '1'='1"}}}""",
                filter("name = 'x'' OR ''1''=''1'"), JSONCompareMode.STRICT);
    }

    @Test
    void runsSortByMetricThenRunIdAndDefaultToNewestStart() {
        List<SortOptions> sort = FilterTranslator.sort(OrderBy.parse("metrics.f1 DESC", RUNS), false,
                "start_time", "run_id");
        String json = sort.stream().map(s -> JsonpUtils.toJsonString(s, MAPPER)).toList().toString();
        assertThat(json).contains("\"metrics.f1\":{\"missing\":\"_last\",\"order\":\"desc\"")
                .contains("\"run_id\":{\"missing\":\"_last\",\"order\":\"asc\"");
        String defaults = FilterTranslator.sort(null, false, "start_time", "run_id").stream()
                .map(s -> JsonpUtils.toJsonString(s, MAPPER)).toList().toString();
        assertThat(defaults).contains("\"start_time\":{\"missing\":\"_last\",\"order\":\"desc\"");
    }

    @Test
    void facetsAreKeywordFieldsOfTheIndex() {
        assertThat(Facets.parse("framework, status,tags.team", RUNS)).extracting(SearchField::name)
                .containsExactly("framework", "status", "tags.team");
        assertThat(Facets.parse("stage", SearchField.Catalogue.VERSIONS)).extracting(SearchField::indexField)
                .containsExactly("stage");
        assertThat(Facets.aggregations(Facets.parse("framework", RUNS))).containsOnlyKeys("facet_0");
        assertThatThrownBy(() -> Facets.parse("stage", RUNS)).isInstanceOf(QueryException.class)
                .satisfies(e -> assertThat(((QueryException) e).field()).isEqualTo("facets"));
        assertThatThrownBy(() -> Facets.parse("metrics.f1", RUNS)).isInstanceOf(QueryException.class);
        assertThatThrownBy(() -> Facets.parse("framework,", RUNS)).isInstanceOf(QueryException.class);
    }
}
