package dev.modelregistry.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.modelregistry.access.AccessDeniedProblem;
import dev.modelregistry.access.AccessRoles;
import dev.modelregistry.access.Permission;
import dev.modelregistry.command.gateway.EventMetaData;
import dev.modelregistry.command.gateway.RegistryCommandGateway;
import dev.modelregistry.command.model.CommandOutcomes.AliasChanged;
import dev.modelregistry.command.model.CommandOutcomes.Done;
import dev.modelregistry.command.model.CommandOutcomes.ModelDetails;
import dev.modelregistry.command.model.CommandOutcomes.StageChanged;
import dev.modelregistry.command.model.CommandOutcomes.VersionCreated;
import dev.modelregistry.command.model.AssignAlias;
import dev.modelregistry.command.model.DeleteModel;
import dev.modelregistry.command.model.DeleteVersion;
import dev.modelregistry.command.model.InMemoryArtifactCatalog;
import dev.modelregistry.command.model.ModelCommand;
import dev.modelregistry.command.model.RegisterModel;
import dev.modelregistry.command.model.RegisterVersion;
import dev.modelregistry.command.model.RegistryError;
import dev.modelregistry.command.model.RemoveAlias;
import dev.modelregistry.command.model.RestoreVersion;
import dev.modelregistry.command.model.TransitionVersionStage;
import dev.modelregistry.command.model.UpdateModel;
import dev.modelregistry.command.governance.PromotionGuards;
import dev.modelregistry.command.model.GateContext;
import dev.modelregistry.command.model.VersionManifests;
import dev.modelregistry.events.access.NamespaceRole;
import dev.modelregistry.events.model.ManifestFile;
import dev.modelregistry.events.model.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * The REST layer in Spring MVC's standalone MockMvc: real routing (including the {@code :transition}
 * paths), body reading, validation and problem answers; the command gateway and the artifact
 * catalog are stand-ins.
 */
class ModelCommandControllerTest {

    static final String SHA = "ab".repeat(32);
    static final String CONDA_SHA = "cd".repeat(32);
    static final String UNKNOWN_SHA = "ef".repeat(32);

    /** Records what is sent and answers like the aggregate would. */
    static final class FakeGateway extends RegistryCommandGateway {
        final List<ModelCommand> commands = new ArrayList<>();
        final List<EventMetaData> metaData = new ArrayList<>();
        Function<ModelCommand, Object> answer = FakeGateway::defaultAnswer;

        FakeGateway() {
            super(null, null, 0);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> CommandResult<R> send(ModelCommand command, EventMetaData eventMetaData) {
            commands.add(command);
            metaData.add(eventMetaData);
            return new CommandResult<>((R) answer.apply(command), 42, eventMetaData.correlationId());
        }

        static Object defaultAnswer(ModelCommand command) {
            return switch (command) {
                case RegisterModel c -> new ModelDetails(c.model(), c.description(), c.tags());
                case UpdateModel c -> new ModelDetails(c.model(), c.description(), Map.of());
                case RegisterVersion c -> new VersionCreated(c.model(), 7, c.lineageHash());
                case TransitionVersionStage c -> new StageChanged(c.model(), c.version(), Stage.STAGING, c.stage(),
                        c.archiveExisting() ? 2 : null);
                case RestoreVersion c -> new StageChanged(c.model(), c.version(), Stage.ARCHIVED, Stage.NONE, null);
                case AssignAlias c -> new AliasChanged(c.model(), c.alias(), c.version(), null, true);
                case DeleteModel c -> new Done(c.model());
                case DeleteVersion c -> new Done(c.model());
                case RemoveAlias c -> new Done(c.model());
                default -> throw new AssertionError("not a command of this controller: " + command);
            };
        }
    }

    /** Every team exists and is staffed: the gates themselves are the aggregate's (RegisteredModelTest). */
    static final PromotionGuards GUARDS = new PromotionGuards() {
        @Override
        public String ownerTeamOf(String model, String requested) {
            return requested != null ? requested : dev.modelregistry.access.Namespaces.namespaceOf(model);
        }

        @Override
        public GateContext gateContext(String model) {
            return new GateContext(java.time.Instant.parse("2026-03-01T00:00:00Z"), true, java.util.Set.of());
        }
    };

    private FakeGateway gateway;
    private InMemoryArtifactCatalog catalog;
    private MockMvc mvc;
    private TestAuthorizer caller;

    @BeforeEach
    void setUp() {
        gateway = new FakeGateway();
        catalog = new InMemoryArtifactCatalog().hold(SHA, 2048).hold(CONDA_SHA, 64);
        caller = TestAuthorizer.globalAdmin("local-admin");
        // no request here names a run or a parent of another model, so tracking and the table of registered
        // versions are never asked (both are exercised against the real database in the deploy module)
        ModelCommandController controller = new ModelCommandController(gateway, new CommandJson(1024 * 1024, 32),
                caller.actor(), new VersionRegistration(new VersionManifests(catalog), caller.authorization(), null,
                        null), caller.authorization(), GUARDS);
        mvc = MockMvcBuilders.standaloneSetup(controller).setControllerAdvice(new CommandProblemHandler()).build();
    }

    @Test
    void registers_a_model() throws Exception {
        mvc.perform(post("/api/v1/models").contentType(MediaType.APPLICATION_JSON)
                        .header("X-Correlation-Id", "req-1")
                        .content("{\"name\":\"fraud.scorer\",\"description\":\"d\",\"owner_team\":\"risk\","
                                + "\"tags\":{\"team\":\"fraud\"},\"reason\":\"first\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/models/fraud.scorer"))
                .andExpect(header().string("X-Registry-Position", "42"))
                .andExpect(header().string("X-Correlation-Id", "req-1"))
                .andExpect(jsonPath("$.name").value("fraud.scorer"))
                .andExpect(jsonPath("$.owner_team").value("risk"))
                .andExpect(jsonPath("$.tags.team").value("fraud"));
        assertThat(gateway.metaData).containsExactly(new EventMetaData("local-admin", "req-1", "first"));
    }

    @Test
    void a_correlation_id_is_made_when_none_is_given() throws Exception {
        mvc.perform(post("/api/v1/models").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"m\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("X-Correlation-Id", org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}")));
    }

    @Test
    void registers_a_version() throws Exception {
        mvc.perform(post("/api/v1/models/fraud.scorer/versions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"artifact\":{\"uri\":\"s3://b/k\",\"sha256\":\"" + SHA + "\"},"
                                + "\"metrics\":{\"auc\":0.9},\"lineage\":{\"code_commit\":\"abc\"}}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/models/fraud.scorer/versions/7"))
                .andExpect(jsonPath("$.model").value("fraud.scorer"))
                .andExpect(jsonPath("$.version").value(7))
                .andExpect(jsonPath("$.id").value("fraud.scorer@7"))
                .andExpect(jsonPath("$.stage").value("None"))
                .andExpect(jsonPath("$.lineage_hash").value(org.hamcrest.Matchers.matchesPattern("[0-9a-f]{64}")))
                .andExpect(jsonPath("$.artifact.uri").value("s3://b/k"))
                .andExpect(jsonPath("$.artifact.sha256").value(manifestDigest()))
                .andExpect(jsonPath("$.files.length()").value(1))
                .andExpect(jsonPath("$.files[0].path").value("model"))
                .andExpect(jsonPath("$.files[0].sha256").value(SHA))
                .andExpect(jsonPath("$.files[0].size").value(2048));
        RegisterVersion sent = (RegisterVersion) gateway.commands.getFirst();
        assertThat(sent.files()).containsExactly(new ManifestFile("model", SHA, 2048L));
        assertThat(sent.artifact().sha256()).isEqualTo(manifestDigest()).isNotEqualTo(SHA);
        assertThat(catalog.manifestActors).containsExactly("local-admin");
    }

    @Test
    void registers_a_version_with_a_manifest_of_several_files() throws Exception {
        mvc.perform(post("/api/v1/models/fraud.scorer/versions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"files\":[{\"path\":\"model.pkl\",\"sha256\":\"" + SHA + "\",\"size\":2048},"
                                + "{\"path\":\"conda.yaml\",\"sha256\":\"" + CONDA_SHA + "\"}],\"reason\":\"r\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.artifact.uri").value(org.hamcrest.Matchers.nullValue()))
                .andExpect(jsonPath("$.artifact.sha256").value(manifestDigest()))
                .andExpect(jsonPath("$.files[0].path").value("conda.yaml"))
                .andExpect(jsonPath("$.files[0].size").value(64))
                .andExpect(jsonPath("$.files[1].path").value("model.pkl"));
        RegisterVersion sent = (RegisterVersion) gateway.commands.getFirst();
        assertThat(sent.files()).containsExactly(new ManifestFile("conda.yaml", CONDA_SHA, 64L),
                new ManifestFile("model.pkl", SHA, 2048L));
        assertThat(gateway.metaData.getFirst().reason()).isEqualTo("r");
    }

    @Test
    void files_the_store_cannot_back_are_422_with_every_file_and_nothing_is_sent() throws Exception {
        mvc.perform(post("/api/v1/models/m/versions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"files\":[{\"path\":\"a\",\"sha256\":\"" + UNKNOWN_SHA + "\"},"
                                + "{\"path\":\"b\",\"sha256\":\"" + SHA + "\",\"size\":1}]}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://modelregistry.dev/problems/artifact_not_found"))
                .andExpect(jsonPath("$.code").value("artifact_not_found"))
                .andExpect(jsonPath("$.field").value("files[0].sha256"))
                .andExpect(jsonPath("$.detail").value(containsString(UNKNOWN_SHA)))
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[1].field").value("files[1].size"))
                .andExpect(jsonPath("$.errors[1].code").value("artifact_size_mismatch"));
        mvc.perform(post("/api/v1/models/m/versions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"artifact\":{\"sha256\":\"" + UNKNOWN_SHA + "\"}}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("artifact_not_found"))
                .andExpect(jsonPath("$.field").value("artifact.sha256"));
        catalog.holdCorrupted(UNKNOWN_SHA, 5);
        mvc.perform(post("/api/v1/models/m/versions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"artifact\":{\"sha256\":\"" + UNKNOWN_SHA + "\"}}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("artifact_corrupted"))
                .andExpect(jsonPath("$.field").value("artifact.sha256"));
        assertThat(gateway.commands).isEmpty();
        assertThat(catalog.storedManifests).isEmpty();
    }

    @Test
    void a_file_size_that_is_not_a_whole_number_is_a_type_error() throws Exception {
        mvc.perform(post("/api/v1/models/m/versions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"files\":[{\"path\":\"a\",\"sha256\":\"" + SHA + "\",\"size\":\"big\"}]}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_type"))
                .andExpect(jsonPath("$.field").value("files[0].size"));
        assertThat(gateway.commands).isEmpty();
    }

    private String manifestDigest() {
        return ((RegisterVersion) gateway.commands.getFirst()).artifact().sha256();
    }

    @Test
    void colon_paths_route_to_transition_and_restore() {
        PathPattern pattern = PathPatternParser.defaultInstance.parse("/api/v1/models/{name}/versions/{version}:transition");
        var match = pattern.matchAndExtract(org.springframework.http.server.PathContainer.parsePath(
                "/api/v1/models/fraud.scorer/versions/12:transition"));
        assertThat(match).isNotNull();
        assertThat(match.getUriVariables()).containsEntry("name", "fraud.scorer").containsEntry("version", "12");
        assertThat(pattern.matches(org.springframework.http.server.PathContainer.parsePath(
                "/api/v1/models/fraud.scorer/versions/12:restore"))).isFalse();
    }

    @Test
    void transitions_a_version() throws Exception {
        mvc.perform(post("/api/v1/models/fraud.scorer/versions/3:transition").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"stage\":\"production\",\"archive_existing\":true,\"reason\":\"better auc\"}"))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Registry-Position", "42"))
                .andExpect(jsonPath("$.id").value("fraud.scorer@3"))
                .andExpect(jsonPath("$.stage").value("Production"))
                .andExpect(jsonPath("$.previous_stage").value("Staging"))
                .andExpect(jsonPath("$.archived_version").value(2));
        assertThat(gateway.commands).containsExactly(
                new TransitionVersionStage("fraud.scorer", 3, Stage.PRODUCTION, true, true,
                        GUARDS.gateContext("fraud.scorer")));
        assertThat(gateway.metaData.getFirst().reason()).isEqualTo("better auc");
    }

    @Test
    void restores_a_version_without_a_body() throws Exception {
        mvc.perform(post("/api/v1/models/fraud.scorer/versions/3:restore"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.stage").value("None"));
        assertThat(gateway.commands).containsExactly(new RestoreVersion("fraud.scorer", 3));
    }

    @Test
    void updates_deletes_and_aliases() throws Exception {
        mvc.perform(patch("/api/v1/models/m").contentType(MediaType.APPLICATION_JSON).content("{\"description\":\"x\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.description").value("x"));
        mvc.perform(put("/api/v1/models/m/aliases/champion").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"version\":2}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.alias").value("champion"))
                .andExpect(jsonPath("$.version").value(2));
        mvc.perform(delete("/api/v1/models/m/aliases/champion"))
                .andExpect(status().isNoContent()).andExpect(header().string("X-Registry-Position", "42"));
        mvc.perform(delete("/api/v1/models/m/versions/2").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"bad data\"}"))
                .andExpect(status().isNoContent());
        mvc.perform(delete("/api/v1/models/m")).andExpect(status().isNoContent());
        assertThat(gateway.commands).containsExactly(new UpdateModel("m", "x", null), new AssignAlias("m", "champion", 2),
                new RemoveAlias("m", "champion"), new DeleteVersion("m", 2), new DeleteModel("m"));
        assertThat(gateway.metaData.get(3).reason()).isEqualTo("bad data");
    }

    @Test
    void domain_refusals_are_problem_details_with_stable_codes() throws Exception {
        gateway.answer = command -> {
            throw new RegistryError.ProductionVersionExists("m", 1);
        };
        mvc.perform(post("/api/v1/models/m/versions/2:transition").contentType(MediaType.APPLICATION_JSON)
                        .header("X-Correlation-Id", "c-9").content("{\"stage\":\"Production\"}"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("X-Correlation-Id", "c-9"))
                .andExpect(jsonPath("$.type").value("https://modelregistry.dev/problems/production_version_exists"))
                .andExpect(jsonPath("$.code").value("production_version_exists"))
                .andExpect(jsonPath("$.field").value("archive_existing"))
                .andExpect(jsonPath("$.status").value(409))
                .andExpect(jsonPath("$.production_version").value(1));
    }

    @Test
    void unknown_models_are_404() throws Exception {
        gateway.answer = command -> {
            throw new RegistryError.ModelNotFound(command.model());
        };
        mvc.perform(delete("/api/v1/models/ghost"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("model_not_found"));
    }

    @Test
    void invalid_input_is_400_with_every_field_and_nothing_is_sent() throws Exception {
        mvc.perform(post("/api/v1/models/m/versions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"artifact\":{\"uri\":\"s3://b/k\",\"sha256\":\"xyz\"},\"metrics\":{\"auc\":\"high\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("invalid_sha256"))
                .andExpect(jsonPath("$.field").value("artifact.sha256"))
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[1].field").value("metrics.auc"))
                .andExpect(jsonPath("$.errors[1].code").value("not_a_number"));
        assertThat(gateway.commands).isEmpty();
    }

    @Test
    void look_alike_and_path_like_names_are_refused() throws Exception {
        for (String name : List.of("fr\u0430ud", "a..b", "UPPER", "a%2Fb")) {
            mvc.perform(delete("/api/v1/models/" + name))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.field").value("name"));
        }
        assertThat(gateway.commands).isEmpty();
    }

    @Test
    void actor_is_never_taken_from_the_body() throws Exception {
        mvc.perform(post("/api/v1/models").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"m\",\"actor\":\"mallory\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("unknown_field"))
                .andExpect(jsonPath("$.field").value("actor"));
    }

    @Test
    void oversize_bodies_are_413() throws Exception {
        String big = "{\"name\":\"m\",\"description\":\"" + "x".repeat(1024 * 1024) + "\"}";
        mvc.perform(post("/api/v1/models").contentType(MediaType.APPLICATION_JSON).content(big))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.code").value("body_too_large"));
    }

    @Test
    void non_json_bodies_are_415() throws Exception {
        mvc.perform(post("/api/v1/models").contentType(MediaType.TEXT_PLAIN).content("name=m"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.code").value("unsupported_media_type"));
        mvc.perform(post("/api/v1/models").contentType(MediaType.APPLICATION_FORM_URLENCODED).content("name=m"))
                .andExpect(status().isUnsupportedMediaType());
    }

    @Test
    void missing_and_malformed_bodies_are_400() throws Exception {
        mvc.perform(post("/api/v1/models").contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("body_required"));
        mvc.perform(post("/api/v1/models").contentType(MediaType.APPLICATION_JSON).content("{\"name\":"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("malformed_json"));
        mvc.perform(post("/api/v1/models").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"m\",\"tags\":{\"a\":" + "[".repeat(64) + "]".repeat(64) + "}}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("json_too_deep"));
    }

    @Test
    void bad_correlation_ids_are_refused() throws Exception {
        mvc.perform(post("/api/v1/models").contentType(MediaType.APPLICATION_JSON)
                        .header("X-Correlation-Id", "bad id\u0001").content("{\"name\":\"m\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("invalid_correlation_id"))
                .andExpect(header().string("X-Correlation-Id", not("bad id\u0001")));
    }

    @Test
    void unexpected_failures_reveal_nothing_internal() throws Exception {
        gateway.answer = command -> {
            throw new IllegalStateException("secret detail in dev.modelregistry.Internal");
        };
        mvc.perform(post("/api/v1/models").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"m\"}"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.code").value("internal_error"))
                .andExpect(content().string(not(containsString("secret"))))
                .andExpect(content().string(not(containsString("IllegalStateException"))));
    }

    @Test
    void store_outages_are_503_with_retry_after() throws Exception {
        gateway.answer = command -> {
            throw new org.springframework.jdbc.CannotGetJdbcConnectionException("pool exhausted");
        };
        mvc.perform(post("/api/v1/models").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"m\"}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.code").value("store_unavailable"));
    }

    @Test
    void every_registry_error_has_an_http_status() {
        assertThat(CommandProblemHandler.statusOf(new RegistryError.ModelAlreadyExists("m")).value()).isEqualTo(409);
        assertThat(CommandProblemHandler.statusOf(new RegistryError.VersionNotFound("m", 1)).value()).isEqualTo(404);
        assertThat(CommandProblemHandler.statusOf(new RegistryError.AliasInvalid("x")).value()).isEqualTo(400);
        assertThat(CommandProblemHandler.statusOf(new RegistryError.ConcurrentModification("m")).value()).isEqualTo(409);
        assertThat(CommandProblemHandler.statusOf(new RegistryError.ArtifactsUnavailable(List.of(
                new RegistryError.ArtifactsUnavailable.FileProblem("files[0].sha256",
                        RegistryError.ArtifactsUnavailable.Reason.NOT_FOUND, "not held")))).value()).isEqualTo(422);
    }

    // ------------------------------------------------------------------ authorization in the handler

    @Test
    void registering_a_model_needs_contributor_in_the_namespace_of_the_name_in_the_body() throws Exception {
        caller.roles = new AccessRoles(Set.of(), Map.of("risk", Set.of(NamespaceRole.CONTRIBUTOR)));
        assertThatThrownBy(() -> mvc.perform(post("/api/v1/models").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"fraud.scorer\"}")))
                .hasRootCauseInstanceOf(AccessDeniedProblem.class)
                .rootCause().satisfies(denied -> {
                    assertThat(((AccessDeniedProblem) denied).permission()).isEqualTo(Permission.CONTRIBUTE);
                    assertThat(((AccessDeniedProblem) denied).namespace()).isEqualTo("fraud");
                });
        assertThat(gateway.commands).isEmpty();

        mvc.perform(post("/api/v1/models").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"risk.scorer\"}"))
                .andExpect(status().isCreated());
        assertThat(gateway.metaData.getFirst().actor()).isEqualTo("local-admin");
    }

    @Test
    void a_name_in_the_default_namespace_is_written_without_its_prefix() throws Exception {
        caller.roles = new AccessRoles(Set.of(), Map.of("default", Set.of(NamespaceRole.CONTRIBUTOR)));
        mvc.perform(post("/api/v1/models").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"default.scorer\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value("scorer"));
        assertThat(gateway.commands).containsExactly(new RegisterModel("scorer", null, "default", Map.of()));
    }

    @Test
    void a_reviewer_cannot_promote_to_production_and_nothing_is_sent() {
        caller.roles = new AccessRoles(Set.of(), Map.of("fraud", Set.of(NamespaceRole.REVIEWER)));
        assertThatThrownBy(() -> mvc.perform(post("/api/v1/models/fraud.scorer/versions/3:transition")
                .contentType(MediaType.APPLICATION_JSON).content("{\"stage\":\"Production\"}")))
                .hasRootCauseInstanceOf(AccessDeniedProblem.class);
        assertThat(gateway.commands).isEmpty();
    }

    @Test
    void a_reviewer_transition_tells_the_aggregate_to_leave_production_alone() throws Exception {
        caller.roles = new AccessRoles(Set.of(), Map.of("fraud", Set.of(NamespaceRole.REVIEWER)));
        mvc.perform(post("/api/v1/models/fraud.scorer/versions/3:transition").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"stage\":\"Archived\"}"))
                .andExpect(status().isOk());
        assertThat(gateway.commands).containsExactly(
                new TransitionVersionStage("fraud.scorer", 3, Stage.ARCHIVED, false, false));
    }

    @Test
    void the_aggregate_refusing_a_production_change_is_a_403_naming_deploy_and_the_namespace() throws Exception {
        caller.roles = new AccessRoles(Set.of(), Map.of("fraud", Set.of(NamespaceRole.REVIEWER)));
        gateway.answer = command -> {
            throw new RegistryError.ProductionChangeNotPermitted("fraud.scorer", 3);
        };
        mvc.perform(post("/api/v1/models/fraud.scorer/versions/3:transition").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"stage\":\"Archived\"}"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("forbidden"))
                .andExpect(jsonPath("$.permission").value("deploy"))
                .andExpect(jsonPath("$.namespace").value("fraud"));
    }

    @Test
    void a_deployer_may_archive_a_production_version() throws Exception {
        caller.roles = new AccessRoles(Set.of(), Map.of("fraud", Set.of(NamespaceRole.DEPLOYER)));
        mvc.perform(post("/api/v1/models/fraud.scorer/versions/3:transition").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"stage\":\"Archived\"}"))
                .andExpect(status().isOk());
        assertThat(gateway.commands).containsExactly(
                new TransitionVersionStage("fraud.scorer", 3, Stage.ARCHIVED, false, true));
    }

    @Test
    void stage_and_created_at_in_a_body_are_refused_not_trusted() throws Exception {
        mvc.perform(post("/api/v1/models").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"m\",\"created_at\":\"2020-01-01T00:00:00Z\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("created_at"));
        mvc.perform(post("/api/v1/models/m/versions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"artifact\":{\"sha256\":\"" + SHA + "\"},\"stage\":\"Production\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("unknown_field"))
                .andExpect(jsonPath("$.field").value("stage"));
        assertThat(gateway.commands).isEmpty();
    }
}
