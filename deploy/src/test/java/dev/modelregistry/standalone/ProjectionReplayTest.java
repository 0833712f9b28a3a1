package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.modelregistry.artifact.BlobStore;
import dev.modelregistry.projection.core.Projector;
import dev.modelregistry.projection.core.ReadModelDatabase;
import dev.modelregistry.projection.postgres.PostgresProjector;
import dev.modelregistry.readmodel.ReadModelSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Projections are idempotent: the records of {@code registry.events}, as Kafka holds them, applied
 * twice give the same read model as applied once, the same as the live read model, and the live
 * projector skips records it has already applied (a publisher that sent an event twice). The
 * history includes artifacts: uploads, a version of several files, a corruption found by a download
 * and its repair.
 */
class ProjectionReplayTest extends RegistryIntegrationTest {

    private static final String SCHEMA = "replay_test";

    @Autowired
    DataSource dataSource;

    @Autowired
    PostgresProjector liveProjector;

    @Autowired
    BlobStore store;

    /**
     * Two uploaded files registered as a version, one of them then tampered with on disk, found by a
     * download (ArtifactCorruptionDetected) and uploaded again (ArtifactStored again).
     */
    private long artifactHistory() throws IOException {
        byte[] weights = ("weights " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        String weightsDigest = uploadArtifactBytes(weights);
        String cardDigest = uploadArtifactBytes(("card " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        String model = registerModel(uniqueName("replay-files"));
        Answer version = post("/api/v1/models/" + model + "/versions", """
                {"files":[{"path":"model/weights.bin","sha256":"%s"},{"path":"README.md","sha256":"%s"}]}"""
                .formatted(weightsDigest, cardDigest));
        assertThat(version.status()).as(version.toString()).isEqualTo(201);
        Path blob = ArtifactCorruptionTest.blobFile(store, weightsDigest);
        Files.write(blob, "tampered".getBytes(StandardCharsets.UTF_8));
        assertThat(getAt("/api/v1/artifacts/" + weightsDigest, version.position()).status()).isEqualTo(502);
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/v1/audit?subject=sha256:" + weightsDigest
                + "&type=dev.modelregistry.artifact.corruption-detected").json().get("items").size() == 1);
        Answer repaired = send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/artifacts"))
                .header("content-type", "application/octet-stream")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(weights)));
        assertThat(repaired.status()).as(repaired.toString()).isIn(200, 201);
        return repaired.position();
    }

    @Test
    void theTopicAppliedTwiceIntoAFreshSchemaGivesTheLiveReadModel() throws IOException {
        History history = variedHistory("replay");
        long artifacts = artifactHistory();
        assertThat(getAt("/api/v1/audit?page_size=1", Math.max(history.lastPosition(), artifacts)).status())
                .isEqualTo(200);
        List<ConsumerRecord<String, byte[]>> records = KafkaTopic.records(SERVICES.endpoints().kafkaBootstrapServers());
        assertThat(records).extracting(ConsumerRecord::key).containsAll(history.models());

        ReadModelDatabase fresh = ReadModelDatabase.schema(dataSource, SCHEMA);
        fresh.dsl().execute("drop schema if exists " + SCHEMA + " cascade");
        ReadModelSchema.migrate(dataSource, SCHEMA);
        try {
            PostgresProjector projector = new PostgresProjector(fresh);
            int half = records.size() / 2;
            Projector.BatchResult first = projector.apply(records.subList(0, half));
            Projector.BatchResult second = projector.apply(records.subList(half, records.size()));
            assertThat(first.applied() + second.applied()).isPositive();
            Map<String, List<String>> once = ReadModelTables.all(SCHEMA);

            Projector.BatchResult again = projector.apply(records);
            assertThat(again.applied()).as("nothing is applied twice").isZero();
            ReadModelTables.assertSame(ReadModelTables.all(SCHEMA), once);

            // the same rows as the live read model: the models of this test, and every model's data
            ReadModelTables.assertSame(ReadModelTables.ofModels(SCHEMA, history.models()),
                    ReadModelTables.ofModels("read_model", history.models()));
            assertThat(ReadModelTables.ofModels(SCHEMA, history.models()).get("audit_log")).hasSize(
                    ((Number) value("select count(*) from event_store.domain_event_entry where aggregate_identifier in (?, ?, ?)",
                            history.models().toArray())).intValue());
            assertThat(ReadModelTables.rows(SCHEMA, "artifact", Set.of(), "state = 'stored'")).isNotEmpty();
            assertThat(ReadModelTables.rows(SCHEMA, "audit_log", Set.of(),
                    "event_type = 'dev.modelregistry.artifact.corruption-detected'")).isNotEmpty();
            for (String table : Stream.concat(ReadModelTables.MODEL_TABLES.keySet().stream(),
                    ReadModelTables.ARTIFACT_TABLES.stream()).toList()) {
                assertThat(ReadModelTables.rows(SCHEMA, table, Set.of(), null)).as("rows of %s", table)
                        .containsExactlyElementsOf(ReadModelTables.rows("read_model", table, Set.of(), null));
            }
        } finally {
            fresh.dsl().execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @Test
    void theLiveProjectorSkipsRecordsItHasAlreadyApplied() {
        History history = variedHistory("resent");
        // both projectors are idle once they reached the last event
        assertThat(getAt("/api/v1/audit?page_size=1", history.lastPosition()).status()).isEqualTo(200);
        assertThat(getAt("/api/v1/search/versions?page_size=1", history.lastPosition()).status()).isEqualTo(200);
        List<ConsumerRecord<String, byte[]>> records = KafkaTopic.records(SERVICES.endpoints().kafkaBootstrapServers());
        Map<String, List<String>> before = ReadModelTables.all("read_model");

        Projector.BatchResult resent = liveProjector.apply(records);

        assertThat(resent.applied()).isZero();
        ReadModelTables.assertSame(ReadModelTables.all("read_model"), before);
    }
}
