package dev.modelregistry.query.search;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;

class FilterTranslatorTest {

    private static final JacksonJsonpMapper MAPPER = new JacksonJsonpMapper();

    private static String json(Query query) {
        return JsonpUtils.toJsonString(query, MAPPER);
    }

    private static String json(List<SortOptions> sort) {
        return "[" + String.join(",", sort.stream().map(s -> JsonpUtils.toJsonString(s, MAPPER)).toList()) + "]";
    }

    private static String filter(String filter) {
        return json(FilterTranslator.translate(FilterParser.parse(filter)));
    }

    private static void assertJson(String expected, String actual) throws Exception {
        JSONAssert.assertEquals(expected, actual, JSONCompareMode.STRICT);
    }

    @Test
    void conjunctionOfRangeAndTerms() throws Exception {
        assertJson("""
                {"bool":{"filter":[
                  {"range":{"metrics.accuracy":{"gte":0.9}}},
                  {"term":{"stage":{"value":"Production"}}},
                  {"term":{"tags.team":{"value":"fraud"}}}]}}
                """, filter("metrics.accuracy >= 0.9 AND stage = 'Production' AND tags.team = 'fraud'"));
    }

    @Test
    void disjunctionNeedsOneMatch() throws Exception {
        assertJson("""
                {"bool":{"should":[{"term":{"version":{"value":1}}},{"term":{"version":{"value":2}}}],
                 "minimum_should_match":"1"}}
                """, filter("version = 1 OR version = 2"));
    }

    @Test
    void notEqualOnASingleValuedFieldRequiresTheField() throws Exception {
        assertJson("""
                {"bool":{"filter":[{"exists":{"field":"metrics.f1"}}],
                         "must_not":[{"term":{"metrics.f1":{"value":0.5}}}]}}
                """, filter("metrics.f1 != 0.5"));
    }

    @Test
    void notInOnAMultiValuedFieldExcludesEveryListedValue() throws Exception {
        assertJson("""
                {"bool":{"must_not":[{"terms":{"aliases":["champion","challenger"]}}]}}
                """, filter("alias NOT IN ('champion', 'challenger')"));
    }

    @Test
    void notNegatesAnything() throws Exception {
        assertJson("""
                {"bool":{"must_not":[{"term":{"framework":{"value":"sklearn"}}}]}}
                """, filter("NOT framework = 'sklearn'"));
    }

    @Test
    void datesAreNormalisedToUtc() throws Exception {
        assertJson("""
                {"range":{"created_at":{"gt":"2026-11-23T05:01:00Z","format":"strict_date_optional_time"}}}
                """, filter("created_at > '2026-11-23T06:01:00+01:00'"));
        assertJson("""
                {"range":{"created_at":{"gte":"2026-11-23T00:00:00Z","lte":"2026-11-23T00:00:00Z",
                                        "format":"strict_date_optional_time"}}}
                """, filter("created_at = '2026-11-23'"));
    }

    @Test
    void datasetsRunsAndHashesMapToTheirIndexFields() throws Exception {
        assertJson("""
                {"bool":{"filter":[
                  {"term":{"dataset_digests":{"value":"sha256:ab"}}},
                  {"term":{"run_id":{"value":"r-1"}}},
                  {"term":{"lineage_hash":{"value":"h"}}},
                  {"term":{"code_commit":{"value":"c0ffee"}}},
                  {"term":{"model":{"value":"fraud"}}},
                  {"term":{"aliases":{"value":"champion"}}}]}}
                """, filter("dataset = 'sha256:ab' AND run_id = 'r-1' AND lineage_hash = 'h' "
                + "AND code_commit = 'c0ffee' AND model = 'fraud' AND alias = 'champion'"));
    }

    @Test
    void hostileValuesStayTermValues() throws Exception {
        assertJson("""
                {"term":{"model":{"value":"*:* OR 1=1\\"}}, {\\"match_all"}}}
                """, filter("model = '*:* OR 1=1\"}}, {\"match_all'"));
    }

    @Test
    void fullTextAndFilterTogether() throws Exception {
        String json = json(FilterTranslator.query("fraud det", FilterParser.parse("version > 2")));
        assertJson("""
                {"bool":{
                  "must":[{"multi_match":{"fields":["model.text^2","description"],"operator":"and",
                           "query":"fraud det","type":"bool_prefix"}}],
                  "filter":[{"range":{"version":{"gt":2.0}}}]}}
                """, json);
    }

    @Test
    void noCriteriaMatchesAll() throws Exception {
        assertJson("{\"match_all\":{}}", json(FilterTranslator.query(null, null)));
        assertJson("{\"match_all\":{}}", json(FilterTranslator.query("  ", null)));
    }

    @Test
    void orderByPutsMissingValuesLastAndBreaksTiesById() throws Exception {
        assertJson("""
                [{"metrics.f1":{"missing":"_last","order":"desc","unmapped_type":"double"}},
                 {"created_at":{"missing":"_last","order":"asc","unmapped_type":"date"}},
                 {"id":{"missing":"_last","order":"asc","unmapped_type":"keyword"}}]
                """, json(FilterTranslator.sort(OrderBy.parse("metrics.f1 DESC, created_at asc"), false)));
    }

    @Test
    void defaultSortIsRelevanceWithTextElseNewestFirst() throws Exception {
        assertJson("""
                [{"_score":{"order":"desc"}},
                 {"id":{"missing":"_last","order":"asc","unmapped_type":"keyword"}}]
                """, json(FilterTranslator.sort(null, true)));
        assertJson("""
                [{"created_at":{"missing":"_last","order":"desc","unmapped_type":"date"}},
                 {"id":{"missing":"_last","order":"asc","unmapped_type":"keyword"}}]
                """, json(FilterTranslator.sort(null, false)));
    }

    @Test
    void orderByErrorsCarryTokenAndOffset() {
        assertOrderByError("metrics.f1 DOWN", "DOWN", 11);
        assertOrderByError("accuracy", "accuracy", 0);
        assertOrderByError("created_at,", "", 11);
        assertOrderByError("version; drop", ";", 7);
        assertOrderByError("version, model, stage, framework, run_id", "run_id", 34);
    }

    private static void assertOrderByError(String orderBy, String token, int offset) {
        try {
            OrderBy.parse(orderBy);
        } catch (FilterSyntaxException e) {
            assertThat(e.token()).as(e.getMessage()).isEqualTo(token);
            assertThat(e.offset()).as(e.getMessage()).isEqualTo(offset);
            return;
        }
        throw new AssertionError("expected an error for " + orderBy);
    }
}
