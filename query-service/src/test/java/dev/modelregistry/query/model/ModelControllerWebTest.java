package dev.modelregistry.query.model;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.modelregistry.query.QueryProperties;
import dev.modelregistry.query.QueryServiceConfiguration;
import dev.modelregistry.query.access.ReadScope;
import dev.modelregistry.query.governance.PromotionPolicyQueries;
import dev.modelregistry.query.consistency.ConsistencyGate;
import dev.modelregistry.query.model.Views.Artifact;
import dev.modelregistry.query.model.Views.Dataset;
import dev.modelregistry.query.model.Views.Lineage;
import dev.modelregistry.query.model.Views.ModelView;
import dev.modelregistry.query.model.Views.VersionView;
import dev.modelregistry.query.web.Page;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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

/**
 * The model endpoints over HTTP with the read model replaced by a mock: routing (including the
 * {@code :compare} literal segment), parameter validation, the JSON shape and the problem answers.
 */
@WebMvcTest
@AutoConfigureMockMvc(addFilters = false) // authorization is tested end to end (deploy)
@ContextConfiguration(classes = ModelControllerWebTest.Slice.class)
class ModelControllerWebTest {

    /** The query module's web beans without its database and Elasticsearch beans. */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(QueryProperties.class)
    @ComponentScan(basePackageClasses = QueryServiceConfiguration.class, excludeFilters = @ComponentScan.Filter(
            type = FilterType.REGEX, pattern = {".*QueryService.*", ".*Test(\\$.*)?", ".*\\.search\\..*",
            ".*\\.audit\\..*", ".*\\.access\\..*", ".*\\.governance\\..*", ".*\\.tracking\\..*", ".*\\.lineage\\..*", ".*\\.artifact\\..*", ".*\\.support\\..*", ".*\\.ModelQueries", ".*\\.ConsistencyGate",
            ".*\\.ProjectionProgress"}))
    static class Slice {
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ModelQueries queries;

    @MockitoBean
    ConsistencyGate gate;

    /** no policy unless a test says so (Mockito answers an empty Optional) */
    @MockitoBean
    PromotionPolicyQueries policies;

    /** null readable namespaces: every namespace (what a global auditor sees) */
    @MockitoBean
    ReadScope scope;

    private static final Instant T = Instant.parse("2026-11-23T05:01:00Z");

    private static VersionView version(int number) {
        return new VersionView("fraud", number, "fraud@" + number, "Production", List.of("champion"),
                new Artifact("file:///store/ab", "ab"), List.of(new Views.File("model.pkl", "cd", 42L)), "sklearn", "1.5", Map.of("lr", "0.1"), Map.of("f1", 0.9),
                "first", Map.of("team", "fraud"),
                new Lineage("c0ffee", "fg", List.of(T, T), List.of(new Dataset("train", "sha")), "run-1",
                        List.of("base@1")), "lh", T, "alice", T, null, null);
    }

    @BeforeEach
    void readModelIsAtPosition42() {
        when(gate.await(any(), anyLong())).thenReturn(42L);
    }

    @Test
    void versionJsonIsSnakeCaseWithTheContractFields() throws Exception {
        when(queries.version("fraud", 3, false, null)).thenReturn(version(3));

        mvc.perform(get("/api/v1/models/fraud/versions/3"))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Registry-Position", "42"))
                .andExpect(jsonPath("$.id").value("fraud@3"))
                .andExpect(jsonPath("$.framework_version").value("1.5"))
                .andExpect(jsonPath("$.artifact.sha256").value("ab"))
                .andExpect(jsonPath("$.files[0].path").value("model.pkl"))
                .andExpect(jsonPath("$.files[0].sha256").value("cd"))
                .andExpect(jsonPath("$.files[0].size").value(42))
                .andExpect(jsonPath("$.lineage.code_commit").value("c0ffee"))
                .andExpect(jsonPath("$.lineage.data_window[0]").value("2026-11-23T05:01:00Z"))
                .andExpect(jsonPath("$.lineage.datasets[0].name").value("train"))
                .andExpect(jsonPath("$.lineage.parents[0]").value("base@1"))
                .andExpect(jsonPath("$.lineage_hash").value("lh"))
                .andExpect(jsonPath("$.stage_changed_at").value("2026-11-23T05:01:00Z"))
                .andExpect(jsonPath("$.params.lr").value("0.1"))
                .andExpect(jsonPath("$.metrics.f1").value(0.9))
                .andExpect(jsonPath("$.deleted_at").doesNotExist());
    }

    @Test
    void compareIsALiteralSegmentNotAVersionNumber() throws Exception {
        when(queries.versions("fraud", List.of(1, 2, 3), false, null, "versions")).thenReturn(List.of(version(1), version(2), version(3)));

        mvc.perform(get("/api/v1/models/fraud/versions:compare").param("versions", "1,2,3"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.versions[2]").value(3))
                .andExpect(jsonPath("$.metrics.rows[0].key").value("f1"))
                .andExpect(jsonPath("$.metrics.rows[0].absolute_differences[1]").value(0.0))
                .andExpect(jsonPath("$.attributes.rows[0].key").value("stage"))
                .andExpect(jsonPath("$.params.differing_keys").isEmpty());
        verify(queries, never()).version(any(), anyInt(), anyBoolean(), any());
    }

    @Test
    void compareNeedsTwoToTwentyDistinctVersions() throws Exception {
        for (String versions : List.of("1", "1,1", "1,x", "0,1", "", String.join(",",
                java.util.stream.IntStream.rangeClosed(1, 21).mapToObj(Integer::toString).toList()))) {
            mvc.perform(get("/api/v1/models/fraud/versions:compare").param("versions", versions))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value("invalid_parameter"))
                    .andExpect(jsonPath("$.field").value("versions"));
        }
    }

    @Test
    void versionMustBeAPositiveInteger() throws Exception {
        for (String version : List.of("0", "-1", "abc", "1.5", "99999999999")) {
            mvc.perform(get("/api/v1/models/fraud/versions/" + version))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value("https://modelregistry.dev/problems/invalid_parameter"))
                    .andExpect(jsonPath("$.status").value(400))
                    .andExpect(jsonPath("$.field").value("version"));
        }
    }

    @Test
    void unknownStageIsRefused() throws Exception {
        mvc.perform(get("/api/v1/models/fraud/versions").param("stage", "Live"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_parameter"))
                .andExpect(jsonPath("$.field").value("stage"))
                .andExpect(jsonPath("$.detail").value(containsString("Production")));
    }

    @Test
    void stageFilterIsPassedCanonical() throws Exception {
        when(queries.versions(eq("fraud"), eq(Optional.of(dev.modelregistry.events.model.Stage.STAGING)),
                eq(false), eq(null), eq(50), eq(null))).thenReturn(new Page<>(List.of(version(1)), null));

        mvc.perform(get("/api/v1/models/fraud/versions").param("stage", "staging"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].id").value("fraud@1"))
                .andExpect(jsonPath("$.next_page_token").value(nullValue()));
    }

    @Test
    void pageSizeIsValidated() throws Exception {
        for (String size : List.of("0", "1001", "ten")) {
            mvc.perform(get("/api/v1/models").param("page_size", size))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.field").value("page_size"));
        }
    }

    @Test
    void includeDeletedMustBeABoolean() throws Exception {
        mvc.perform(get("/api/v1/models").param("include_deleted", "maybe"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_parameter"))
                .andExpect(jsonPath("$.field").value("include_deleted"))
                .andExpect(jsonPath("$.detail").value(containsString("true or false")));
    }

    @Test
    void deletedModelIs404UnlessIncluded() throws Exception {
        when(queries.model("old", false, null)).thenThrow(new QueryException(ProblemType.MODEL_DELETED, "name", "deleted"));
        when(queries.model("old", true, null)).thenReturn(ModelView.of("old", null, "team", Map.of(), 1, T, "alice", T,
                "bob", T, "bob", false, new Views.Deprecation(null, null, null)));

        mvc.perform(get("/api/v1/models/old"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("model_deleted"));
        mvc.perform(get("/api/v1/models/old").param("include_deleted", "true"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.owner_team").value("team"))
                .andExpect(jsonPath("$.latest_version").value(1))
                .andExpect(jsonPath("$.deleted_at").value("2026-11-23T05:01:00Z"))
                .andExpect(jsonPath("$.deleted_by").value("bob"));
    }

    @Test
    void minPositionIsValidatedAndAwaited() throws Exception {
        when(queries.model("fraud", false, null)).thenReturn(ModelView.of("fraud", null, "team", Map.of(), 0, T, "a", T,
                "a", null, null, false, new Views.Deprecation(null, null, null)));

        mvc.perform(get("/api/v1/models/fraud").param("min_position", "abc"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("min_position"));
        mvc.perform(get("/api/v1/models/fraud").header("X-Registry-Min-Position", "-3"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("X-Registry-Min-Position"));

        mvc.perform(get("/api/v1/models/fraud").param("min_position", "7").header("X-Registry-Min-Position", "9"))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Registry-Position", "42"));
        verify(gate).await(List.of(dev.modelregistry.query.consistency.Projector.POSTGRES).stream()
                .collect(java.util.stream.Collectors.toCollection(
                        () -> java.util.EnumSet.noneOf(dev.modelregistry.query.consistency.Projector.class))), 9L);
    }

    @Test
    void readModelBehindIs503WithRetryAfter() throws Exception {
        when(gate.await(any(), eq(100L))).thenThrow(new QueryException(ProblemType.READ_MODEL_BEHIND, "min_position",
                "behind", Map.of("reached_position", 42L), Duration.ofSeconds(1)));

        mvc.perform(get("/api/v1/models").param("min_position", "100"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.code").value("read_model_behind"))
                .andExpect(jsonPath("$.reached_position").value(42));
    }

    @Test
    void unexpectedFailuresRevealNothing() throws Exception {
        when(queries.models(any(), any(), any(), anyInt(), any()))
                .thenThrow(new IllegalStateException("secret internals at com.example.Foo"));

        mvc.perform(get("/api/v1/models"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.code").value("internal_error"))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("secret"))))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("IllegalStateException"))));
    }

    @Test
    void databaseDownIs503() throws Exception {
        when(queries.models(any(), any(), any(), anyInt(), any()))
                .thenThrow(new org.jooq.exception.DataAccessException("connection refused"));

        mvc.perform(get("/api/v1/models"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.code").value("read_model_unavailable"))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("refused"))));
    }

    @Test
    void asOfThatIsNoTimeIsRefusedWithItsOwnCode() throws Exception {
        mvc.perform(get("/api/v1/models/fraud").param("as_of", "yesterday"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.code").value("invalid_as_of"))
                .andExpect(jsonPath("$.field").value("as_of"));
        verify(queries, never()).model(any(), anyBoolean(), any());
    }

    @Test
    void asOfInTheFutureIsRefused() throws Exception {
        mvc.perform(get("/api/v1/models/fraud/versions").param("as_of", "2999-01-01T00:00:00Z"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.code").value("invalid_as_of"))
                .andExpect(jsonPath("$.field").value("as_of"));
    }

    @Test
    void asOfIsPassedAsUtcTime() throws Exception {
        when(queries.model(eq("fraud"), eq(false), eq(java.time.OffsetDateTime.parse("2026-11-23T04:01:00Z"))))
                .thenReturn(ModelView.of("fraud", null, "team", Map.of(), 0, T, "a", T, "a", null, null,
                        false, new Views.Deprecation(null, null, null)));
        mvc.perform(get("/api/v1/models/fraud").param("as_of", "2026-11-23T05:01:00+01:00"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("fraud"));
    }
}
