package dev.modelregistry.projection.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.events.artifact.ArtifactCorruptionDetected;
import dev.modelregistry.events.artifact.ArtifactDeleted;
import dev.modelregistry.events.artifact.ArtifactStorageClassChanged;
import dev.modelregistry.events.artifact.ArtifactStored;
import dev.modelregistry.events.model.ModelDeleted;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.events.model.VersionDeleted;
import dev.modelregistry.projection.core.Projector;
import dev.modelregistry.projection.core.ReadModelFixture;
import dev.modelregistry.projection.core.TestEvents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The artifact part of the PostgreSQL read model, through the real projector on an embedded
 * PostgreSQL: {@code version_file} from the manifest of {@code VersionRegistered}, {@code artifact}
 * from the artifact events, their audit rows (subject = the digest, no model), and the same rows
 * when the records are applied again, in one batch or split.
 */
class PostgresProjectorArtifactTest {

    private static final String A = "a".repeat(64);
    private static final String D = "d".repeat(64);
    private static final String E = "e".repeat(64);

    @RegisterExtension
    static final ReadModelFixture readModel = new ReadModelFixture();

    /** Uploads, a version of two files, a corruption repaired by a new upload, a cold move, deletions. */
    private static List<ConsumerRecord<String, byte[]>> history() {
        TestEvents events = new TestEvents();
        List<EventEnvelope> envelopes = List.of(
                events.next(new ArtifactStored(D, 1234, "application/x-pickle", "model.pkl", "carol")),   // 1
                events.next(new ArtifactStored(E, 56, "application/yaml", "conda.yaml", "carol")),        // 2
                events.next(new ArtifactStored(A, 300, "application/json", null, "carol")),               // 3
                events.next(new ModelRegistered("fraud", "d", "risk", Map.of())),                         // 4
                events.next(TestEvents.version("fraud", 1)),                                              // 5
                events.next(new ArtifactCorruptionDetected(D, 1234, "0".repeat(64), 1234L, "download")),  // 6
                events.next(new ArtifactStored(D, 1234, "application/x-pickle", "model.pkl", "dave")),    // 7
                events.next(new ArtifactStorageClassChanged(E, "STANDARD", "COLDLINE")),                  // 8
                events.next(new VersionDeleted("fraud", 1)),                                              // 9
                events.next(new ModelDeleted("fraud")),                                                   // 10
                events.next(new ArtifactDeleted(A, 300, "unreferenced")));                                // 11
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (EventEnvelope envelope : envelopes) {
            records.add(TestEvents.record(0, records.size(), envelope));
        }
        return records;
    }

    private static List<String> rows(String table, String orderBy) {
        return readModel.dsl().fetch("select (to_jsonb(t) - 'updated_at')::text from read_model." + table
                + " t order by " + orderBy).getValues(0, String.class);
    }

    private static List<List<String>> everything() {
        return List.of(rows("version_file", "model, version, path"), rows("artifact", "sha256"),
                rows("audit_log", "position"), rows("model_version", "model, version"));
    }

    @Test
    void filesAndArtifactsAreProjectedAndTheirHistoryAudited() {
        Projector.BatchResult result = new PostgresProjector(readModel.database()).apply(history());
        assertThat(result.applied()).isEqualTo(11);
        assertThat(result.failed()).isZero();

        assertThat(readModel.dsl().fetch("select path, sha256, size from read_model.version_file "
                + "where model = 'fraud' and version = 1 order by path").map(r -> r.intoList()))
                .as("the manifest stays with the deleted version, like its other registration rows")
                .containsExactly(List.of("conda.yaml", E, 56L), List.of("model.pkl", D, 1234L));
        assertThat(readModel.dsl().fetch("select sha256, state, size, media_type, file_name, uploader, storage_class, "
                + "observed_sha256, corrupted_at is null, deleted_reason, last_position from read_model.artifact order by sha256")
                .map(r -> r.intoList()))
                .containsExactly(
                        Arrays.asList(A, "deleted", 300L, "application/json", null, "carol", null, null, true, "unreferenced", 11L),
                        Arrays.asList(D, "stored", 1234L, "application/x-pickle", "model.pkl", "dave", null, null, true, null, 7L),
                        Arrays.asList(E, "stored", 56L, "application/yaml", "conda.yaml", "carol", "COLDLINE", null, true, null, 8L));
        assertThat(readModel.dsl().fetch("select subject, model, event_type, after_state::text from read_model.audit_log "
                + "where position in (6, 8) order by position").map(r -> r.intoList()))
                .containsExactly(
                        Arrays.asList("sha256:" + D, null, "dev.modelregistry.artifact.corruption-detected",
                                "{\"state\": \"corrupted\"}"),
                        Arrays.asList("sha256:" + E, null, "dev.modelregistry.artifact.storage-class-changed",
                                "{\"storage_class\": \"COLDLINE\"}"));
    }

    @Test
    void replayingTheRecordsGivesTheSameRows() {
        List<ConsumerRecord<String, byte[]>> records = history();
        PostgresProjector projector = new PostgresProjector(readModel.database());
        projector.apply(records.subList(0, 6));
        projector.apply(records.subList(6, records.size()));
        List<List<String>> once = everything();

        assertThat(projector.apply(records).applied()).as("nothing is applied twice").isZero();
        assertThat(everything()).isEqualTo(once);

        // the same records into an empty read model in one batch: the same rows
        readModel.empty();
        projector.apply(records);
        assertThat(everything()).isEqualTo(once);
    }
}
