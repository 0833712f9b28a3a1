package dev.modelregistry.command.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.command.model.CommandOutcomes.AliasChanged;
import dev.modelregistry.command.model.CommandOutcomes.ModelDetails;
import dev.modelregistry.command.model.CommandOutcomes.StageChanged;
import dev.modelregistry.command.model.CommandOutcomes.VersionCreated;
import dev.modelregistry.events.model.AliasAssigned;
import dev.modelregistry.events.model.AliasRemoved;
import dev.modelregistry.events.model.ArtifactReference;
import dev.modelregistry.events.model.DataWindow;
import dev.modelregistry.events.model.Lineage;
import dev.modelregistry.events.model.ManifestFile;
import dev.modelregistry.events.model.ModelDeleted;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.events.model.ModelUpdated;
import dev.modelregistry.events.model.Stage;
import dev.modelregistry.events.model.VersionDeleted;
import dev.modelregistry.events.model.VersionReference;
import dev.modelregistry.events.model.VersionRegistered;
import dev.modelregistry.events.model.VersionRestored;
import dev.modelregistry.events.model.VersionStageTransitioned;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Given/when/then for every command and invariant of {@link RegisteredModel}. No Spring, no database. */
class RegisteredModelTest {

    static final String MODEL = "fraud.scorer";
    /** The manifest's digest (content-addressed: the registry stored it) and the client's source URI. */
    static final String SHA = "a".repeat(64);
    static final ArtifactReference ARTIFACT = new ArtifactReference("s3://models/fraud/1", SHA);
    static final List<ManifestFile> FILES = List.of(new ManifestFile("model.pkl", "b".repeat(64), 4096L));
    static final Lineage LINEAGE = new Lineage("abc123", "fg-1",
            new DataWindow(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z")),
            List.of(), "run-1", List.of());

    /** A promotion context with the owner team staffed, at a fixed time, no evaluator revoked. */
    static final GateContext STAFFED = new GateContext(Instant.parse("2026-03-01T00:00:00Z"), true, java.util.Set.of());

    private FixtureConfiguration<RegisteredModel> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(RegisteredModel.class);
    }

    static ModelRegistered registered() {
        return new ModelRegistered(MODEL, "scores card payments", "risk", Map.of("team", "fraud"));
    }

    static RegisterVersion registerVersion() {
        return RegisterVersion.of(MODEL, ARTIFACT, FILES, "sklearn", "1.5", Map.of("depth", "6"),
                Map.of("auc", 0.91), "first", Map.of(), LINEAGE);
    }

    static VersionRegistered versionRegistered(int version) {
        RegisterVersion command = registerVersion();
        return new VersionRegistered(MODEL, version, command.artifact(), command.files(), command.framework(),
                command.frameworkVersion(), command.params(), command.metrics(), command.description(),
                command.tags(), command.lineage(), command.lineageHash());
    }

    static VersionStageTransitioned moved(int version, Stage from, Stage to) {
        return new VersionStageTransitioned(MODEL, version, from, to);
    }

    /** Registered model with versions 1..n, all in stage None. */
    static Object[] withVersions(int n) {
        List<Object> events = new ArrayList<>();
        events.add(registered());
        for (int v = 1; v <= n; v++) {
            events.add(versionRegistered(v));
        }
        return events.toArray();
    }

    static Object[] concat(Object[] first, Object... more) {
        Object[] all = new Object[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Nested
    class Registration {

        @Test
        void registers_a_new_model() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterModel(MODEL, "scores card payments", "risk", Map.of("team", "fraud")))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(registered())
                    .expectResultMessagePayload(new ModelDetails(MODEL, "scores card payments", Map.of("team", "fraud")));
        }

        @Test
        void refuses_an_existing_name() {
            fixture.given(registered())
                    .when(new RegisterModel(MODEL, "again", null, Map.of()))
                    .expectNoEvents()
                    .expectException(RegistryError.ModelAlreadyExists.class);
        }

        @Test
        void refuses_the_name_of_a_deleted_model() {
            fixture.given(registered(), new ModelDeleted(MODEL))
                    .when(new RegisterModel(MODEL, "again", null, Map.of()))
                    .expectNoEvents()
                    .expectException(RegistryError.ModelAlreadyExists.class);
        }

        @Test
        void updates_description_and_tags() {
            fixture.given(registered())
                    .when(new UpdateModel(MODEL, "better", Map.of("team", "risk")))
                    .expectEvents(new ModelUpdated(MODEL, "better", Map.of("team", "risk")));
        }

        @Test
        void update_keeps_what_it_does_not_mention() {
            fixture.given(registered())
                    .when(new UpdateModel(MODEL, null, Map.of("tier", "1")))
                    .expectEvents(new ModelUpdated(MODEL, "scores card payments", Map.of("tier", "1")));
        }

        @Test
        void update_without_change_records_nothing() {
            fixture.given(registered())
                    .when(new UpdateModel(MODEL, "scores card payments", null))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void unknown_model_cannot_be_updated() {
            fixture.givenNoPriorActivity()
                    .when(new UpdateModel(MODEL, "x", null))
                    .expectException(org.axonframework.modelling.command.AggregateNotFoundException.class);
        }

        @Test
        void deletes_a_model() {
            fixture.given(withVersions(1))
                    .when(new DeleteModel(MODEL))
                    .expectEvents(new ModelDeleted(MODEL));
        }

        @Test
        void refuses_to_delete_a_model_with_a_production_version() {
            fixture.given(concat(withVersions(1), moved(1, Stage.NONE, Stage.STAGING),
                            moved(1, Stage.STAGING, Stage.PRODUCTION)))
                    .when(new DeleteModel(MODEL))
                    .expectNoEvents()
                    .expectException(RegistryError.VersionInProduction.class);
        }

        @Test
        void deletes_a_model_once_production_was_archived() {
            fixture.given(concat(withVersions(1), moved(1, Stage.NONE, Stage.STAGING),
                            moved(1, Stage.STAGING, Stage.PRODUCTION), moved(1, Stage.PRODUCTION, Stage.ARCHIVED)))
                    .when(new DeleteModel(MODEL))
                    .expectEvents(new ModelDeleted(MODEL));
        }
    }

    @Nested
    class DeletedModel {

        Object[] deleted() {
            return concat(withVersions(2), new AliasAssigned(MODEL, "champion", 1, null), new ModelDeleted(MODEL));
        }

        @Test
        void refuses_update() {
            fixture.given(deleted()).when(new UpdateModel(MODEL, "x", null))
                    .expectNoEvents().expectException(RegistryError.ModelDeleted.class);
        }

        @Test
        void refuses_delete_again() {
            fixture.given(deleted()).when(new DeleteModel(MODEL))
                    .expectNoEvents().expectException(RegistryError.ModelDeleted.class);
        }

        @Test
        void refuses_new_versions() {
            fixture.given(deleted()).when(registerVersion())
                    .expectNoEvents().expectException(RegistryError.ModelDeleted.class);
        }

        @Test
        void refuses_transitions_restores_and_version_deletes() {
            fixture.given(deleted()).when(new TransitionVersionStage(MODEL, 1, Stage.STAGING, false, true))
                    .expectNoEvents().expectException(RegistryError.ModelDeleted.class);
            fixture.given(deleted()).when(new RestoreVersion(MODEL, 1))
                    .expectNoEvents().expectException(RegistryError.ModelDeleted.class);
            fixture.given(deleted()).when(new DeleteVersion(MODEL, 1))
                    .expectNoEvents().expectException(RegistryError.ModelDeleted.class);
        }

        @Test
        void refuses_alias_changes() {
            fixture.given(deleted()).when(new AssignAlias(MODEL, "challenger", 2))
                    .expectNoEvents().expectException(RegistryError.ModelDeleted.class);
            fixture.given(deleted()).when(new RemoveAlias(MODEL, "champion"))
                    .expectNoEvents().expectException(RegistryError.ModelDeleted.class);
        }
    }

    @Nested
    class Versions {

        @Test
        void first_version_is_1() {
            fixture.given(registered())
                    .when(registerVersion())
                    .expectEvents(versionRegistered(1))
                    .expectResultMessagePayload(new VersionCreated(MODEL, 1, registerVersion().lineageHash()));
        }

        @Test
        void the_event_records_the_manifest_sorted_by_path_and_its_digest() {
            List<ManifestFile> files = List.of(new ManifestFile("model/weights.bin", "c".repeat(64), 10L),
                    new ManifestFile("MLmodel", "d".repeat(64), 200L),
                    new ManifestFile("conda.yaml", "e".repeat(64), 0L));
            RegisterVersion command = RegisterVersion.of(MODEL, new ArtifactReference(null, SHA), files, null, null,
                    Map.of(), Map.of(), null, Map.of(), null);
            fixture.given(registered())
                    .when(command)
                    .expectEvents(new VersionRegistered(MODEL, 1, new ArtifactReference(null, SHA), List.of(
                            new ManifestFile("MLmodel", "d".repeat(64), 200L),
                            new ManifestFile("conda.yaml", "e".repeat(64), 0L),
                            new ManifestFile("model/weights.bin", "c".repeat(64), 10L)),
                            null, null, Map.of(), Map.of(), null, Map.of(), null, command.lineageHash()));
        }

        @Test
        void versions_registered_before_manifests_existed_still_count() {
            // a schema v1 event as the upcaster reads it: one file at path "model", size unknown
            VersionRegistered v1 = new VersionRegistered(MODEL, 1, new ArtifactReference("s3://old", SHA),
                    List.of(new ManifestFile("model", SHA, null)), null, null, Map.of(), Map.of(), null, Map.of(),
                    null, null);
            fixture.given(registered(), v1)
                    .when(registerVersion())
                    .expectEvents(versionRegistered(2));
        }

        @Test
        void numbers_are_sequential() {
            fixture.given(withVersions(3))
                    .when(registerVersion())
                    .expectEvents(versionRegistered(4));
        }

        @Test
        void deleted_versions_keep_their_number() {
            fixture.given(concat(withVersions(2), new VersionDeleted(MODEL, 2)))
                    .when(registerVersion())
                    .expectEvents(versionRegistered(3));
        }

        @Test
        void unknown_model_cannot_get_versions() {
            fixture.givenNoPriorActivity()
                    .when(registerVersion())
                    .expectException(org.axonframework.modelling.command.AggregateNotFoundException.class);
        }

        @Test
        void a_version_may_name_earlier_versions_and_other_models_as_parents() {
            Lineage lineage = new Lineage("c", "g", null, List.of(), null,
                    List.of(new VersionReference(MODEL, 1), new VersionReference("other", 7)));
            RegisterVersion command = RegisterVersion.of(MODEL, ARTIFACT, FILES, null, null, Map.of(), Map.of(), null,
                    Map.of(), lineage);
            fixture.given(withVersions(1))
                    .when(command)
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(new VersionCreated(MODEL, 2, command.lineageHash()));
        }

        @Test
        void a_version_cannot_name_itself_as_parent() {
            Lineage lineage = new Lineage("c", "g", null, List.of(), null, List.of(new VersionReference(MODEL, 2)));
            fixture.given(withVersions(1))
                    .when(RegisterVersion.of(MODEL, ARTIFACT, FILES, null, null, Map.of(), Map.of(), null, Map.of(),
                            lineage))
                    .expectNoEvents()
                    .expectException(RegistryError.LineageCycle.class);
        }

        @Test
        void a_version_cannot_name_a_later_version_as_parent() {
            Lineage lineage = new Lineage("c", "g", null, List.of(), null, List.of(new VersionReference(MODEL, 5)));
            fixture.given(withVersions(1))
                    .when(RegisterVersion.of(MODEL, ARTIFACT, FILES, null, null, Map.of(), Map.of(), null, Map.of(),
                            lineage))
                    .expectNoEvents()
                    .expectException(RegistryError.LineageInvalid.class);
        }
    }

    @Nested
    class Stages {

        @Test
        void none_to_staging() {
            fixture.given(withVersions(1))
                    .when(new TransitionVersionStage(MODEL, 1, Stage.STAGING, false, true))
                    .expectEvents(moved(1, Stage.NONE, Stage.STAGING))
                    .expectResultMessagePayload(new StageChanged(MODEL, 1, Stage.NONE, Stage.STAGING, null));
        }

        @Test
        void staging_to_production_when_none_is_there() {
            fixture.given(concat(withVersions(1), moved(1, Stage.NONE, Stage.STAGING)))
                    .when(new TransitionVersionStage(MODEL, 1, Stage.PRODUCTION, false, true, STAFFED))
                    .expectEvents(moved(1, Stage.STAGING, Stage.PRODUCTION));
        }

        @Test
        void production_to_archived() {
            fixture.given(concat(withVersions(1), moved(1, Stage.NONE, Stage.STAGING),
                            moved(1, Stage.STAGING, Stage.PRODUCTION)))
                    .when(new TransitionVersionStage(MODEL, 1, Stage.ARCHIVED, false, true))
                    .expectEvents(moved(1, Stage.PRODUCTION, Stage.ARCHIVED));
        }

        @Test
        void any_live_stage_may_be_archived() {
            fixture.given(withVersions(1))
                    .when(new TransitionVersionStage(MODEL, 1, Stage.ARCHIVED, false, true))
                    .expectEvents(moved(1, Stage.NONE, Stage.ARCHIVED));
            fixture.given(concat(withVersions(1), moved(1, Stage.NONE, Stage.STAGING)))
                    .when(new TransitionVersionStage(MODEL, 1, Stage.ARCHIVED, false, true))
                    .expectEvents(moved(1, Stage.STAGING, Stage.ARCHIVED));
        }

        @Test
        void none_cannot_skip_to_production() {
            fixture.given(withVersions(1))
                    .when(new TransitionVersionStage(MODEL, 1, Stage.PRODUCTION, false, true, STAFFED))
                    .expectNoEvents()
                    .expectException(RegistryError.IllegalStageTransition.class);
        }

        @Test
        void production_cannot_go_back_to_staging() {
            fixture.given(concat(withVersions(1), moved(1, Stage.NONE, Stage.STAGING),
                            moved(1, Stage.STAGING, Stage.PRODUCTION)))
                    .when(new TransitionVersionStage(MODEL, 1, Stage.STAGING, false, true))
                    .expectNoEvents()
                    .expectException(RegistryError.IllegalStageTransition.class);
        }

        @Test
        void no_transition_back_to_none() {
            fixture.given(concat(withVersions(1), moved(1, Stage.NONE, Stage.STAGING)))
                    .when(new TransitionVersionStage(MODEL, 1, Stage.NONE, false, true))
                    .expectNoEvents()
                    .expectException(RegistryError.IllegalStageTransition.class);
        }

        @Test
        void archived_only_leaves_by_restore() {
            Object[] archived = concat(withVersions(1), moved(1, Stage.NONE, Stage.ARCHIVED));
            fixture.given(archived)
                    .when(new TransitionVersionStage(MODEL, 1, Stage.STAGING, false, true))
                    .expectNoEvents()
                    .expectException(RegistryError.IllegalStageTransition.class);
            fixture.given(archived)
                    .when(new TransitionVersionStage(MODEL, 1, Stage.NONE, false, true))
                    .expectNoEvents()
                    .expectException(RegistryError.IllegalStageTransition.class);
        }

        @Test
        void same_stage_is_refused() {
            fixture.given(concat(withVersions(1), moved(1, Stage.NONE, Stage.STAGING)))
                    .when(new TransitionVersionStage(MODEL, 1, Stage.STAGING, false, true))
                    .expectNoEvents()
                    .expectException(RegistryError.StageUnchanged.class);
            fixture.given(withVersions(1))
                    .when(new TransitionVersionStage(MODEL, 1, Stage.NONE, false, true))
                    .expectNoEvents()
                    .expectException(RegistryError.StageUnchanged.class);
        }

        @Test
        void unknown_and_deleted_versions_cannot_move() {
            fixture.given(withVersions(1))
                    .when(new TransitionVersionStage(MODEL, 2, Stage.STAGING, false, true))
                    .expectNoEvents()
                    .expectException(RegistryError.VersionNotFound.class);
            fixture.given(withVersions(1))
                    .when(new TransitionVersionStage(MODEL, 0, Stage.STAGING, false, true))
                    .expectException(RegistryError.VersionNotFound.class);
            fixture.given(concat(withVersions(1), new VersionDeleted(MODEL, 1)))
                    .when(new TransitionVersionStage(MODEL, 1, Stage.STAGING, false, true))
                    .expectNoEvents()
                    .expectException(RegistryError.VersionDeleted.class);
        }
    }

    @Nested
    class OneProductionVersion {

        Object[] productionIsVersion1AndVersion2IsStaged() {
            return concat(withVersions(2), moved(1, Stage.NONE, Stage.STAGING), moved(1, Stage.STAGING, Stage.PRODUCTION),
                    moved(2, Stage.NONE, Stage.STAGING));
        }

        @Test
        void promotion_is_refused_while_another_version_is_in_production() {
            fixture.given(productionIsVersion1AndVersion2IsStaged())
                    .when(new TransitionVersionStage(MODEL, 2, Stage.PRODUCTION, false, true, STAFFED))
                    .expectNoEvents()
                    .expectException(RegistryError.ProductionVersionExists.class);
        }

        @Test
        void archive_existing_archives_the_incumbent_first() {
            fixture.given(productionIsVersion1AndVersion2IsStaged())
                    .when(new TransitionVersionStage(MODEL, 2, Stage.PRODUCTION, true, true, STAFFED))
                    .expectEvents(moved(1, Stage.PRODUCTION, Stage.ARCHIVED), moved(2, Stage.STAGING, Stage.PRODUCTION))
                    .expectResultMessagePayload(new StageChanged(MODEL, 2, Stage.STAGING, Stage.PRODUCTION, 1));
        }

        @Test
        void after_archive_existing_the_new_version_is_the_incumbent() {
            fixture.given(concat(productionIsVersion1AndVersion2IsStaged(), moved(1, Stage.PRODUCTION, Stage.ARCHIVED),
                            moved(2, Stage.STAGING, Stage.PRODUCTION)))
                    .when(new DeleteVersion(MODEL, 2))
                    .expectException(RegistryError.VersionInProduction.class);
        }

        @Test
        void archive_existing_without_incumbent_is_a_plain_promotion() {
            fixture.given(concat(withVersions(1), moved(1, Stage.NONE, Stage.STAGING)))
                    .when(new TransitionVersionStage(MODEL, 1, Stage.PRODUCTION, true, true, STAFFED))
                    .expectEvents(moved(1, Stage.STAGING, Stage.PRODUCTION));
        }

        @Test
        void archiving_the_incumbent_frees_production() {
            fixture.given(concat(productionIsVersion1AndVersion2IsStaged(), moved(1, Stage.PRODUCTION, Stage.ARCHIVED)))
                    .when(new TransitionVersionStage(MODEL, 2, Stage.PRODUCTION, false, true, STAFFED))
                    .expectEvents(moved(2, Stage.STAGING, Stage.PRODUCTION));
        }
    }

    /** A sender whose caller lacks deploy sets mayChangeProduction false; the aggregate decides on its own state. */
    @Nested
    class WithoutDeploy {

        @Test
        void a_production_version_is_not_archived() {
            fixture.given(concat(withVersions(1), moved(1, Stage.NONE, Stage.STAGING),
                            moved(1, Stage.STAGING, Stage.PRODUCTION)))
                    .when(new TransitionVersionStage(MODEL, 1, Stage.ARCHIVED, false, false))
                    .expectNoEvents()
                    .expectException(RegistryError.ProductionChangeNotPermitted.class);
        }

        @Test
        void nothing_is_promoted_to_production() {
            fixture.given(concat(withVersions(1), moved(1, Stage.NONE, Stage.STAGING)))
                    .when(new TransitionVersionStage(MODEL, 1, Stage.PRODUCTION, true, false))
                    .expectNoEvents()
                    .expectException(RegistryError.ProductionChangeNotPermitted.class);
        }

        @Test
        void other_versions_still_move_between_the_other_stages() {
            fixture.given(concat(withVersions(1), moved(1, Stage.NONE, Stage.STAGING)))
                    .when(new TransitionVersionStage(MODEL, 1, Stage.ARCHIVED, false, false))
                    .expectEvents(moved(1, Stage.STAGING, Stage.ARCHIVED));
            fixture.given(withVersions(1))
                    .when(new TransitionVersionStage(MODEL, 1, Stage.STAGING, false, false))
                    .expectEvents(moved(1, Stage.NONE, Stage.STAGING));
        }
    }

    @Nested
    class Restore {

        @Test
        void archived_version_returns_to_none() {
            fixture.given(concat(withVersions(1), moved(1, Stage.NONE, Stage.ARCHIVED)))
                    .when(new RestoreVersion(MODEL, 1))
                    .expectEvents(new VersionRestored(MODEL, 1))
                    .expectResultMessagePayload(new StageChanged(MODEL, 1, Stage.ARCHIVED, Stage.NONE, null));
        }

        @Test
        void restored_version_follows_the_lifecycle_again() {
            fixture.given(concat(withVersions(1), moved(1, Stage.NONE, Stage.ARCHIVED), new VersionRestored(MODEL, 1)))
                    .when(new TransitionVersionStage(MODEL, 1, Stage.STAGING, false, true))
                    .expectEvents(moved(1, Stage.NONE, Stage.STAGING));
        }

        @Test
        void only_archived_versions_can_be_restored() {
            fixture.given(concat(withVersions(1), moved(1, Stage.NONE, Stage.STAGING)))
                    .when(new RestoreVersion(MODEL, 1))
                    .expectNoEvents()
                    .expectException(RegistryError.IllegalStageTransition.class);
        }

        @Test
        void deleted_versions_cannot_be_restored() {
            fixture.given(concat(withVersions(1), moved(1, Stage.NONE, Stage.ARCHIVED), new VersionDeleted(MODEL, 1)))
                    .when(new RestoreVersion(MODEL, 1))
                    .expectNoEvents()
                    .expectException(RegistryError.VersionDeleted.class);
        }
    }

    @Nested
    class Aliases {

        @Test
        void assigns_a_new_alias() {
            fixture.given(withVersions(1))
                    .when(new AssignAlias(MODEL, "champion", 1))
                    .expectEvents(new AliasAssigned(MODEL, "champion", 1, null))
                    .expectResultMessagePayload(new AliasChanged(MODEL, "champion", 1, null, true));
        }

        @Test
        void moving_an_alias_records_where_it_pointed() {
            fixture.given(concat(withVersions(2), new AliasAssigned(MODEL, "champion", 1, null)))
                    .when(new AssignAlias(MODEL, "champion", 2))
                    .expectEvents(new AliasAssigned(MODEL, "champion", 2, 1));
        }

        @Test
        void an_alias_points_at_one_version_only() {
            fixture.given(concat(withVersions(2), new AliasAssigned(MODEL, "champion", 1, null),
                            new AliasAssigned(MODEL, "champion", 2, 1)))
                    .when(new RemoveAlias(MODEL, "champion"))
                    .expectEvents(new AliasRemoved(MODEL, "champion", 2));
        }

        @Test
        void several_aliases_may_point_at_one_version() {
            fixture.given(concat(withVersions(1), new AliasAssigned(MODEL, "champion", 1, null)))
                    .when(new AssignAlias(MODEL, "stable", 1))
                    .expectEvents(new AliasAssigned(MODEL, "stable", 1, null));
        }

        @Test
        void assigning_the_same_version_again_changes_nothing() {
            fixture.given(concat(withVersions(1), new AliasAssigned(MODEL, "champion", 1, null)))
                    .when(new AssignAlias(MODEL, "champion", 1))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(new AliasChanged(MODEL, "champion", 1, 1, false));
        }

        @Test
        void alias_names_follow_the_rules() {
            for (String invalid : List.of("latest", "v1", "v42", "Champion", "1st", "-x", "a".repeat(65), "", "champ ion",
                    "сhampion" /* Cyrillic с */)) {
                fixture.given(withVersions(1))
                        .when(new AssignAlias(MODEL, invalid, 1))
                        .expectNoEvents()
                        .expectException(RegistryError.AliasInvalid.class);
            }
        }

        @Test
        void names_like_version_selectors_are_fine_when_they_are_not_one() {
            fixture.given(withVersions(1))
                    .when(new AssignAlias(MODEL, "v1-candidate", 1))
                    .expectEvents(new AliasAssigned(MODEL, "v1-candidate", 1, null));
        }

        @Test
        void an_alias_never_points_at_a_missing_or_deleted_version() {
            fixture.given(withVersions(1))
                    .when(new AssignAlias(MODEL, "champion", 2))
                    .expectNoEvents()
                    .expectException(RegistryError.VersionNotFound.class);
            fixture.given(concat(withVersions(2), new VersionDeleted(MODEL, 2)))
                    .when(new AssignAlias(MODEL, "champion", 2))
                    .expectNoEvents()
                    .expectException(RegistryError.VersionDeleted.class);
        }

        @Test
        void removing_an_unknown_alias_is_refused() {
            fixture.given(withVersions(1))
                    .when(new RemoveAlias(MODEL, "champion"))
                    .expectNoEvents()
                    .expectException(RegistryError.AliasNotFound.class);
        }

        @Test
        void removed_alias_can_be_assigned_again() {
            fixture.given(concat(withVersions(1), new AliasAssigned(MODEL, "champion", 1, null),
                            new AliasRemoved(MODEL, "champion", 1)))
                    .when(new AssignAlias(MODEL, "champion", 1))
                    .expectEvents(new AliasAssigned(MODEL, "champion", 1, null));
        }
    }

    @Nested
    class VersionDeletion {

        @Test
        void deletes_a_version() {
            fixture.given(withVersions(2))
                    .when(new DeleteVersion(MODEL, 2))
                    .expectEvents(new VersionDeleted(MODEL, 2));
        }

        @Test
        void removes_the_aliases_pointing_at_it_first() {
            fixture.given(concat(withVersions(2), new AliasAssigned(MODEL, "stable", 1, null),
                            new AliasAssigned(MODEL, "champion", 1, null), new AliasAssigned(MODEL, "challenger", 2, null)))
                    .when(new DeleteVersion(MODEL, 1))
                    .expectEvents(new AliasRemoved(MODEL, "champion", 1), new AliasRemoved(MODEL, "stable", 1),
                            new VersionDeleted(MODEL, 1));
        }

        @Test
        void refuses_a_production_version() {
            fixture.given(concat(withVersions(1), moved(1, Stage.NONE, Stage.STAGING),
                            moved(1, Stage.STAGING, Stage.PRODUCTION), new AliasAssigned(MODEL, "champion", 1, null)))
                    .when(new DeleteVersion(MODEL, 1))
                    .expectNoEvents()
                    .expectException(RegistryError.VersionInProduction.class);
        }

        @Test
        void refuses_unknown_and_already_deleted_versions() {
            fixture.given(withVersions(1))
                    .when(new DeleteVersion(MODEL, 3))
                    .expectNoEvents()
                    .expectException(RegistryError.VersionNotFound.class);
            fixture.given(concat(withVersions(1), new VersionDeleted(MODEL, 1)))
                    .when(new DeleteVersion(MODEL, 1))
                    .expectNoEvents()
                    .expectException(RegistryError.VersionDeleted.class);
        }

        @Test
        void a_deleted_version_changes_no_more() {
            Object[] deleted = concat(withVersions(1), new VersionDeleted(MODEL, 1));
            fixture.given(deleted).when(new TransitionVersionStage(MODEL, 1, Stage.ARCHIVED, false, true))
                    .expectException(RegistryError.VersionDeleted.class);
            fixture.given(deleted).when(new AssignAlias(MODEL, "champion", 1))
                    .expectException(RegistryError.VersionDeleted.class);
        }
    }

    @Test
    void error_codes_are_stable() {
        assertThat(new RegistryError.ModelAlreadyExists(MODEL).code()).isEqualTo("model_already_exists");
        assertThat(new RegistryError.ProductionVersionExists(MODEL, 1).field()).isEqualTo("archive_existing");
        assertThat(new RegistryError.AliasInvalid("x").field()).isEqualTo("alias");
        assertThat(new RegistryError.ModelNotFound(MODEL).getStackTrace()).isEmpty();
    }
}
