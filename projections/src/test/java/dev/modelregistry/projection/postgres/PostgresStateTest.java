package dev.modelregistry.projection.postgres;

import static dev.modelregistry.projection.core.TestEvents.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.events.artifact.ArtifactCorruptionDetected;
import dev.modelregistry.events.artifact.ArtifactDeleted;
import dev.modelregistry.events.artifact.ArtifactStorageClassChanged;
import dev.modelregistry.events.artifact.ArtifactStored;
import dev.modelregistry.events.model.AliasAssigned;
import dev.modelregistry.events.model.AliasRemoved;
import dev.modelregistry.events.model.ModelDeleted;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.events.model.ModelUpdated;
import dev.modelregistry.events.model.Stage;
import dev.modelregistry.events.model.VersionDeleted;
import dev.modelregistry.events.model.VersionRestored;
import dev.modelregistry.events.model.VersionStageTransitioned;
import dev.modelregistry.projection.core.TestEvents;
import dev.modelregistry.projection.postgres.PostgresState.AliasKey;
import dev.modelregistry.projection.postgres.PostgresState.ArtifactRow;
import dev.modelregistry.projection.postgres.PostgresState.IntervalRow;
import dev.modelregistry.projection.postgres.PostgresState.ModelRow;
import dev.modelregistry.projection.postgres.PostgresState.VersionKey;
import dev.modelregistry.projection.postgres.PostgresState.VersionRow;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PostgresStateTest {

    private final TestEvents events = new TestEvents();
    private final PostgresState state = new PostgresState();

    private String apply(EventEnvelope envelope) {
        return state.apply(envelope, UUID.fromString(envelope.eventId()));
    }

    @Test
    void givenNewModel_whenVersionsMoveThroughStages_thenIntervalsCloseWhereTheNextOpens() {
        apply(events.next(new ModelRegistered("fraud", "detects fraud", "risk", Map.of("b", "2", "a", "1"))));
        apply(events.next(TestEvents.version("fraud", 1)));                                                  // 2
        apply(events.next(new VersionStageTransitioned("fraud", 1, Stage.NONE, Stage.STAGING)));            // 3
        apply(events.next(new VersionStageTransitioned("fraud", 1, Stage.STAGING, Stage.PRODUCTION)));      // 4

        ModelRow model = state.models.get("fraud");
        assertThat(model.isNew).isTrue();
        assertThat(model.latestVersion).isEqualTo(1);
        assertThat(model.lastPosition).isEqualTo(4);
        assertThat(model.updatedAt).isEqualTo(at(4));
        VersionRow version = state.versions.get(new VersionKey("fraud", 1));
        assertThat(version.stage).isEqualTo("Production");
        assertThat(version.stageChangedAt).isEqualTo(at(4));
        assertThat(version.lastPosition).isEqualTo(4);

        // a version new in this batch has no interval in the database to close
        assertThat(state.stages.closeOps).isEmpty();
        assertThat(state.stages.newRows).extracting(r -> r.value, r -> r.fromPosition, r -> r.toPosition)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("None", 2L, 3L),
                        org.assertj.core.groups.Tuple.tuple("Staging", 3L, 4L),
                        org.assertj.core.groups.Tuple.tuple("Production", 4L, null));
        IntervalRow<VersionKey> staging = state.stages.newRows.get(1);
        assertThat(staging.validFrom).isEqualTo(at(3));
        assertThat(staging.validTo).isEqualTo(at(4));

        assertThat(state.audit).hasSize(4);
        assertThat(state.audit.get(0).afterState()).isEqualTo("{\"description\":\"detects fraud\",\"tags\":{\"a\":\"1\",\"b\":\"2\"}}");
        assertThat(state.audit.get(3).beforeState()).isEqualTo("{\"stage\":\"Staging\"}");
        assertThat(state.audit.get(3).afterState()).isEqualTo("{\"stage\":\"Production\"}");
        assertThat(state.audit.get(3).version()).isEqualTo(1);
        assertThat(state.audit.get(3).reason()).isEqualTo("because 4");
        assertThat(state.audit.get(2).reason()).isNull();
    }

    @Test
    void givenLoadedVersion_whenItChangesTwice_thenTheDatabaseIntervalIsClosedOnce() {
        loadModel("fraud", 10);
        loadVersion("fraud", 1, "Staging", 10);
        TestEvents later = new TestEvents(10);
        state.apply(later.next(new VersionStageTransitioned("fraud", 1, Stage.STAGING, Stage.PRODUCTION)), UUID.randomUUID());
        state.apply(later.next(new VersionStageTransitioned("fraud", 1, Stage.PRODUCTION, Stage.ARCHIVED)), UUID.randomUUID());
        state.apply(later.next(new VersionRestored("fraud", 1)), UUID.randomUUID());

        assertThat(state.stages.closeOps).singleElement()
                .satisfies(op -> {
                    assertThat(op.key()).isEqualTo(new VersionKey("fraud", 1));
                    assertThat(op.position()).isEqualTo(11);
                });
        assertThat(state.stages.newRows).extracting(r -> r.value).containsExactly("Production", "Archived", "None");
        assertThat(state.audit.get(2).beforeState()).isEqualTo("{\"stage\":\"Archived\"}");
        assertThat(state.audit.get(2).afterState()).isEqualTo("{\"stage\":\"None\"}");
        VersionRow version = state.versions.get(new VersionKey("fraud", 1));
        assertThat(version.dirty).isTrue();
        assertThat(version.stage).isEqualTo("None");
    }

    @Test
    void givenAnEventAtOrBelowTheModelsPosition_thenItChangesNothing() {
        loadModel("fraud", 10);
        loadVersion("fraud", 1, "Staging", 10);
        TestEvents old = new TestEvents(5);
        assertThat(state.apply(old.next(new VersionStageTransitioned("fraud", 1, Stage.NONE, Stage.STAGING)), UUID.randomUUID()))
                .isNull();
        assertThat(state.stages.newRows).isEmpty();
        assertThat(state.stages.closeOps).isEmpty();
        assertThat(state.models.get("fraud").dirty).isFalse();
        assertThat(state.versions.get(new VersionKey("fraud", 1)).dirty).isFalse();
        assertThat(state.audit).hasSize(1); // the audit insert is ON CONFLICT DO NOTHING
    }

    @Test
    void givenModelUpdate_thenAuditHasDescriptionAndTagsBeforeAndAfter() {
        loadModel("fraud", 3);
        state.apply(new TestEvents(3).next(new ModelUpdated("fraud", "new text", Map.of("x", "y"))), UUID.randomUUID());
        assertThat(state.audit.getFirst().beforeState()).isEqualTo("{\"description\":\"old text\",\"tags\":{\"k\":\"v\"}}");
        assertThat(state.audit.getFirst().afterState()).isEqualTo("{\"description\":\"new text\",\"tags\":{\"x\":\"y\"}}");
        assertThat(state.models.get("fraud").description).isEqualTo("new text");
    }

    @Test
    void givenAliasMoves_thenOneDatabaseCloseAndChainedRows() {
        loadModel("fraud", 20);
        TestEvents later = new TestEvents(20);
        state.apply(later.next(new AliasAssigned("fraud", "champion", 2, 1)), UUID.randomUUID());   // 21
        state.apply(later.next(new AliasAssigned("fraud", "champion", 3, 2)), UUID.randomUUID());   // 22
        state.apply(later.next(new AliasRemoved("fraud", "champion", 3)), UUID.randomUUID());        // 23

        assertThat(state.aliases.closeOps).singleElement()
                .satisfies(op -> assertThat(op.position()).isEqualTo(21));
        assertThat(state.aliases.newRows).extracting(r -> r.value, r -> r.fromPosition, r -> r.toPosition)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 21L, 22L),
                        org.assertj.core.groups.Tuple.tuple(3, 22L, 23L));
        assertThat(state.audit.get(0).beforeState()).isEqualTo("{\"version\":1}");
        assertThat(state.audit.get(0).afterState()).isEqualTo("{\"version\":2}");
        assertThat(state.audit.get(2).beforeState()).isEqualTo("{\"version\":3}");
        assertThat(state.audit.get(2).afterState()).isNull();
    }

    @Test
    void givenModelDeleted_thenLiveVersionsAreDeletedAndTheirIntervalsAndAliasesClosed() {
        loadModel("fraud", 30);
        loadVersion("fraud", 1, "Production", 25);
        loadVersion("fraud", 2, "None", 26);
        state.openAliasesInDatabase.add(new AliasKey("fraud", "champion"));
        TestEvents later = new TestEvents(30);
        state.apply(later.next(TestEvents.version("fraud", 3)), UUID.randomUUID());              // 31
        state.apply(later.next(new VersionDeleted("fraud", 2)), UUID.randomUUID());               // 32
        state.apply(later.next(new ModelDeleted("fraud"), "bob"), UUID.randomUUID());             // 33

        ModelRow model = state.models.get("fraud");
        assertThat(model.deletedAt).isEqualTo(at(33));
        assertThat(model.deletedBy).isEqualTo("bob");
        assertThat(state.versions.values()).allSatisfy(v -> assertThat(v.deletedAt).isNotNull());
        assertThat(state.versions.get(new VersionKey("fraud", 2)).deletedAt).isEqualTo(at(32));
        assertThat(state.versions.get(new VersionKey("fraud", 1)).deletedAt).isEqualTo(at(33));
        assertThat(state.stages.closeOps).extracting(op -> op.key().version(), op -> op.position())
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(2, 32L),
                        org.assertj.core.groups.Tuple.tuple(1, 33L));
        assertThat(state.stages.newRows).singleElement()
                .satisfies(r -> assertThat(r.toPosition).isEqualTo(33L));
        assertThat(state.aliases.closeOps).singleElement()
                .satisfies(op -> assertThat(op.position()).isEqualTo(33));
        assertThat(state.audit.get(1).beforeState()).isEqualTo("{\"stage\":\"None\"}");
    }

    @Test
    void givenUnknownModel_thenTheEventIsAuditedButReportedAsNotApplicable() {
        String problem = apply(events.next(new ModelUpdated("ghost", "x", Map.of())));
        assertThat(problem).contains("ghost");
        assertThat(state.audit).hasSize(1);
        assertThat(state.models).isEmpty();
    }

    @Test
    void givenTransitionOfUnknownVersion_thenReported() {
        loadModel("fraud", 1);
        assertThat(state.apply(new TestEvents(1).next(new VersionStageTransitioned("fraud", 9, Stage.NONE, Stage.STAGING)),
                UUID.randomUUID())).contains("fraud@9");
    }

    @Test
    void givenVersionWithFiles_thenItsRowKeepsTheManifestAndTheAuditSubjectIsTheModel() {
        loadModel("fraud", 1);
        state.apply(new TestEvents(1).next(TestEvents.version("fraud", 3)), UUID.randomUUID());
        assertThat(state.versions.get(new VersionKey("fraud", 3)).registered.files())
                .extracting(f -> f.path(), f -> f.size())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("conda.yaml", 56L),
                        org.assertj.core.groups.Tuple.tuple("model.pkl", 1234L));
        assertThat(state.audit.getFirst().subject()).isEqualTo("fraud");
        assertThat(state.audit.getFirst().model()).isEqualTo("fraud");
    }

    @Test
    void givenArtifactEvents_thenTheRowFollowsTheBlobsLifeAndTheAuditNamesTheDigest() {
        String digest = "d".repeat(64);
        apply(events.next(new ArtifactStored(digest, 1234, "application/x-pickle", "model.pkl", "carol"), "svc")); // 1
        apply(events.next(new ArtifactCorruptionDetected(digest, 1234, "0".repeat(64), 1230L, "download")));      // 2
        ArtifactRow row = state.artifacts.get(digest);
        assertThat(row.isNew).isTrue();
        assertThat(row.state).isEqualTo("corrupted");
        assertThat(row.observedSha256).isEqualTo("0".repeat(64));
        assertThat(row.observedSize).isEqualTo(1230L);
        assertThat(row.detectedBy).isEqualTo("download");
        assertThat(row.corruptedAt).isEqualTo(at(2));

        apply(events.next(new ArtifactStored(digest, 1234, "application/x-pickle", "again.pkl", "dave")));          // 3
        assertThat(row.state).as("uploading the right bytes again repairs it").isEqualTo("stored");
        assertThat(row.corruptedAt).isNull();
        assertThat(row.observedSha256).isNull();
        assertThat(row.fileName).isEqualTo("again.pkl");
        assertThat(row.uploader).isEqualTo("dave");
        assertThat(row.storedAt).isEqualTo(at(3));

        apply(events.next(new ArtifactStorageClassChanged(digest, "STANDARD", "COLDLINE")));                         // 4
        apply(events.next(new ArtifactDeleted(digest, 1234, "unreferenced for 7 days"), "gc"));                      // 5
        assertThat(row.storageClass).isEqualTo("COLDLINE");
        assertThat(row.state).isEqualTo("deleted");
        assertThat(row.deletedAt).isEqualTo(at(5));
        assertThat(row.deletedReason).isEqualTo("unreferenced for 7 days");
        assertThat(row.size).isEqualTo(1234);
        assertThat(row.updatedBy).isEqualTo("gc");
        assertThat(row.lastPosition).isEqualTo(5);

        assertThat(state.audit).allSatisfy(a -> {
            assertThat(a.subject()).isEqualTo("sha256:" + digest);
            assertThat(a.model()).isNull();
            assertThat(a.version()).isNull();
        });
        assertThat(state.audit).extracting(a -> a.beforeState(), a -> a.afterState()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(null, "{\"state\":\"stored\"}"),
                org.assertj.core.groups.Tuple.tuple("{\"state\":\"stored\"}", "{\"state\":\"corrupted\"}"),
                org.assertj.core.groups.Tuple.tuple("{\"state\":\"corrupted\"}", "{\"state\":\"stored\"}"),
                org.assertj.core.groups.Tuple.tuple("{\"storage_class\":\"STANDARD\"}", "{\"storage_class\":\"COLDLINE\"}"),
                org.assertj.core.groups.Tuple.tuple("{\"state\":\"stored\"}", "{\"state\":\"deleted\"}"));
    }

    @Test
    void givenAnArtifactEventAtOrBelowTheRowsPosition_thenItChangesNothing() {
        ArtifactRow loaded = new ArtifactRow("d".repeat(64), false);
        loaded.size = 10;
        loaded.state = "stored";
        loaded.lastPosition = 7;
        state.putArtifact(loaded);
        assertThat(state.apply(new TestEvents(6).next(new ArtifactDeleted("d".repeat(64), 10, "gc")), UUID.randomUUID()))
                .isNull();
        assertThat(loaded.state).isEqualTo("stored");
        assertThat(loaded.dirty).isFalse();
        assertThat(state.audit).hasSize(1);
    }

    @Test
    void givenTheFirstEventOfABlobIsNotItsStorage_thenTheRowIsCreatedFromWhatTheEventSays() {
        apply(events.next(new ArtifactCorruptionDetected("d".repeat(64), 99, null, null, "scrub")));
        ArtifactRow row = state.artifacts.get("d".repeat(64));
        assertThat(row.size).isEqualTo(99);
        assertThat(row.state).isEqualTo("corrupted");
        assertThat(row.observedSha256).as("missing bytes").isNull();
        assertThat(row.storedAt).isNull();

        String problem = apply(events.next(new ArtifactStorageClassChanged("e".repeat(64), "STANDARD", "COLDLINE")));
        assertThat(problem).contains("e".repeat(64));
        assertThat(state.artifacts).doesNotContainKey("e".repeat(64));
        assertThat(state.audit).hasSize(2);
    }

    private void loadModel(String name, long position) {
        ModelRow row = new ModelRow(name, false);
        row.description = "old text";
        row.ownerTeam = "risk";
        row.tags = Map.of("k", "v");
        row.latestVersion = 2;
        row.createdAt = at(1);
        row.createdBy = "alice";
        row.updatedAt = at(position);
        row.updatedBy = "alice";
        row.lastPosition = position;
        state.putModel(row);
    }

    private void loadVersion(String model, int version, String stage, long position) {
        VersionRow row = new VersionRow(model, version, false);
        row.stage = stage;
        row.stageChangedAt = at(position);
        row.lastPosition = position;
        state.putVersion(row);
    }
}
