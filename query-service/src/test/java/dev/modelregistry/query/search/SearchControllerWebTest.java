package dev.modelregistry.query.search;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.modelregistry.query.QueryProperties;
import dev.modelregistry.query.QueryServiceConfiguration;
import dev.modelregistry.query.access.ReadScope;
import dev.modelregistry.query.consistency.ConsistencyGate;
import dev.modelregistry.query.consistency.Projector;
import dev.modelregistry.query.search.SearchResults.SearchPage;
import dev.modelregistry.query.search.SearchResults.VersionHit;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The search endpoint over HTTP with Elasticsearch replaced by a mock: filter errors and answers. */
@WebMvcTest
@AutoConfigureMockMvc(addFilters = false) // authorization is tested end to end (deploy)
@ContextConfiguration(classes = SearchControllerWebTest.Slice.class)
class SearchControllerWebTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(QueryProperties.class)
    @ComponentScan(basePackageClasses = QueryServiceConfiguration.class, excludeFilters = @ComponentScan.Filter(
            type = FilterType.REGEX, pattern = {".*QueryService.*", ".*Test(\\$.*)?", ".*\\.model\\..*",
            ".*\\.audit\\..*", ".*\\.access\\..*", ".*\\.governance\\..*", ".*\\.tracking\\..*", ".*\\.artifact\\..*",
            ".*\\.lineage\\..*", ".*\\.support\\..*", ".*\\.VersionSearch", ".*\\.RunSearch", ".*\\.SearchConfiguration",
            ".*\\.ConsistencyGate", ".*\\.ProjectionProgress"}))
    static class Slice {
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    VersionSearch search;

    @MockitoBean
    RunSearch runs;

    @MockitoBean
    ConsistencyGate gate;

    /** null readable namespaces: every namespace (what a global auditor sees) */
    @MockitoBean
    ReadScope scope;

    @BeforeEach
    void searchIndexIsAtPosition7() {
        when(gate.await(any(), anyLong())).thenReturn(7L);
    }

    @Test
    void invalidFilterNamesTheTokenAndItsOffset() throws Exception {
        mvc.perform(get("/api/v1/search/versions").param("filter", "metrics.a > 1 OR 1=1; DROP TABLE"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://modelregistry.dev/problems/invalid_filter"))
                .andExpect(jsonPath("$.code").value("invalid_filter"))
                .andExpect(jsonPath("$.field").value("filter"))
                .andExpect(jsonPath("$.token").value(";"))
                .andExpect(jsonPath("$.offset").value(20))
                .andExpect(jsonPath("$.detail").value(containsString("offset 20")));
    }

    @Test
    void runFilterWithAVersionFieldNamesTheToken() throws Exception {
        mvc.perform(get("/api/v1/search/runs").param("filter", "metrics.f1 > 0.9 AND stage = 'Production'"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("invalid_filter"))
                .andExpect(jsonPath("$.field").value("filter"))
                .andExpect(jsonPath("$.token").value("stage"))
                .andExpect(jsonPath("$.offset").value(21));
    }

    @Test
    void unknownFacetIsAnInvalidParameter() throws Exception {
        mvc.perform(get("/api/v1/search/runs").param("facets", "framework,stage"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("invalid_parameter"))
                .andExpect(jsonPath("$.field").value("facets"));
        mvc.perform(get("/api/v1/search/versions").param("facets", "status"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_parameter"))
                .andExpect(jsonPath("$.field").value("facets"));
    }

    @Test
    void hugeFilterIsRefused() throws Exception {
        mvc.perform(get("/api/v1/search/versions").param("filter", "version = 1 AND ".repeat(300) + "version = 1"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_filter"))
                .andExpect(jsonPath("$.offset").value(4096));
    }

    @Test
    void invalidOrderByIsItsOwnProblem() throws Exception {
        mvc.perform(get("/api/v1/search/versions").param("order_by", "metrics.f1 SIDEWAYS"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_order_by"))
                .andExpect(jsonPath("$.field").value("order_by"))
                .andExpect(jsonPath("$.token").value("SIDEWAYS"))
                .andExpect(jsonPath("$.offset").value(11));
    }

    @Test
    void answersItemsTotalAndToken() throws Exception {
        VersionHit hit = new VersionHit("fraud@3", "fraud", 3, "Production", List.of("champion"), "sklearn", "1.5",
                "d", Map.of("f1", 0.93), Map.of("lr", "0.1"), Map.of(), "lh", "run", "c0ffee",
                Instant.parse("2026-11-23T05:01:00Z"), "alice", null);
        when(search.search(any(), any(), anyInt(), any())).thenReturn(new SearchPage(List.of(hit), 12, "next"));

        mvc.perform(get("/api/v1/search/versions")
                        .param("filter", "metrics.f1 >= 0.9 AND stage = 'Production'")
                        .param("order_by", "metrics.f1 DESC")
                        .header("X-Registry-Min-Position", "5"))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Registry-Position", "7"))
                .andExpect(jsonPath("$.total_hits").value(12))
                .andExpect(jsonPath("$.next_page_token").value("next"))
                .andExpect(jsonPath("$.items[0].id").value("fraud@3"))
                .andExpect(jsonPath("$.items[0].metrics.f1").value(0.93))
                .andExpect(jsonPath("$.items[0].aliases[0]").value("champion"))
                .andExpect(jsonPath("$.items[0].score").doesNotExist());
        Mockito.verify(gate).await(EnumSet.of(Projector.SEARCH), 5L);
    }

    @Test
    void elasticsearchDownIs503() throws Exception {
        when(search.search(any(), any(), anyInt(), any())).thenThrow(new QueryException(ProblemType.SEARCH_UNAVAILABLE,
                null, "The search index is unavailable; try again shortly", Map.of(), Duration.ofSeconds(5)));

        mvc.perform(get("/api/v1/search/versions"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.code").value("search_unavailable"));
    }

    @Test
    void overlongTextIsRefused() throws Exception {
        mvc.perform(get("/api/v1/search/versions").param("q", "x".repeat(2000)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("q"));
    }
}
