package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.artifact.CorruptionReports;
import dev.modelregistry.artifact.Sha256;
import dev.modelregistry.artifact.Verification;
import dev.modelregistry.command.artifact.ArtifactError;
import dev.modelregistry.command.artifact.aggregate.StoreArtifact;
import dev.modelregistry.command.gateway.EventMetaData;
import dev.modelregistry.command.gateway.RegistryCommandGateway;
import dev.modelregistry.command.model.RegisterVersion;
import dev.modelregistry.events.model.ArtifactReference;
import dev.modelregistry.events.model.ManifestFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Garbage collection, scrubbing and the catalog's transactional guarantees, through HTTP and the real
 * database and local-disk store: what is unreferenced past the grace period goes, what a version
 * references stays, and neither a concurrent upload nor a concurrent registration can lose bytes or
 * leave a reference to a deleted blob.
 *
 * <p>Collections here use a grace period of zero, so they also remove unreferenced blobs that earlier
 * test classes left; every version any test registered keeps its blobs.
 */
class ArtifactCollectionTest extends ArtifactIntegrationTest {

    /** CatalogTables.LOCK_SPACE: the first key of the per-digest advisory lock. */
    static final int LOCK_SPACE = 0x61727466;

    @Autowired
    TransactionManager transactionManager;

    @Autowired
    CommandGateway commandGateway;

    @Autowired
    RegistryCommandGateway registryCommandGateway;

    @Autowired
    CorruptionReports corruptionReports;

    @Autowired
    DataSource dataSource;

    private String model;

    @BeforeEach
    void aModelReferencingTheSharedArtifact() {
        // DIGEST_A is shared by every test's versions; a version of a model that is never deleted keeps it
        model = registerModel(uniqueName("gc"));
        assertThat(registerVersion(model, 0.9).status()).isEqualTo(201);
    }

    /** Registers the next version of {@link #model} with one file; the answer (201 or a problem). */
    Answer registerWithFile(String sha256) {
        return post("/api/v1/models/" + model + "/versions", """
                {"files":[{"path":"model.bin","sha256":"%s"}],"framework":"sklearn"}""".formatted(sha256));
    }

    static List<String> deletedDigests(Answer collection) {
        assertThat(collection.status()).as(collection.toString()).isEqualTo(200);
        List<String> digests = new ArrayList<>();
        collection.json().get("deleted").forEach(entry -> digests.add(entry.get("sha256").asText()));
        return digests;
    }

    // ------------------------------------------------------------------------------ collection

    @Test
    void unreferenced_blobs_past_the_grace_period_are_deleted_and_referenced_ones_kept() throws Exception {
        byte[] loose = randomBytes(3000);
        byte[] used = randomBytes(4000);
        String looseSha = uploadArtifactBytes(loose);
        String usedSha = uploadArtifactBytes(used);
        Answer version = registerWithFile(usedSha);
        assertThat(version.status()).as(version.toString()).isEqualTo(201);
        String manifest = version.json().at("/artifact/sha256").asText();
        int number = version.json().get("version").asInt();
        assertThat(rows("select sha256 from event_store.artifact_reference where model = ? and version = ?", model,
                number)).extracting(row -> row.get("sha256")).containsExactlyInAnyOrder(usedSha, manifest);
        assertThat(blobRow(manifest)).containsEntry("media_type", "application/vnd.modelregistry.manifest+json");
        assertThat(new String(Files.readAllBytes(blobFile(manifest)), StandardCharsets.UTF_8)).isEqualTo(
                "{\"files\":[{\"path\":\"model.bin\",\"sha256\":\"" + usedSha + "\",\"size\":4000}]}");

        assertThat(deletedDigests(collect("P1D"))).as("within the grace period").doesNotContain(looseSha);
        assertThat(blobFile(looseSha)).exists();

        Answer collection = collect("PT0S");
        assertThat(deletedDigests(collection)).contains(looseSha).doesNotContain(usedSha, manifest, DIGEST_A);
        assertThat(collection.json().get("deleted_count").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(blobFile(looseSha)).doesNotExist();
        assertThat(blobRow(looseSha)).containsEntry("state", "deleted");
        assertThat(artifactEvents(looseSha)).containsExactly("stored", "deleted");
        assertThat(Files.readAllBytes(blobFile(usedSha))).isEqualTo(used);
        assertThat(blobRow(usedSha)).containsEntry("state", "stored");
        assertThat(blobFile(manifest)).exists();
        assertThat(blobFile(DIGEST_A)).exists();

        List<KafkaTopic.Event> deleted = KafkaTopic.readUntil(SERVICES.endpoints().kafkaBootstrapServers(),
                event -> ("sha256:" + looseSha).equals(event.key())
                        && "dev.modelregistry.artifact.deleted".equals(event.header("ce_type")),
                found -> !found.isEmpty(), Duration.ofSeconds(30));
        assertThat(deleted).hasSize(1);
        JsonNode event = JSON.readTree(deleted.getFirst().body());
        assertThat(event.get("size").asLong()).isEqualTo(3000);
        assertThat(event.get("reason").asText()).contains("grace period");

        Answer again = upload(loose);
        assertThat(again.status()).as("bytes deleted are stored again").isEqualTo(201);
        assertThat(artifactEvents(looseSha)).containsExactly("stored", "deleted", "stored");
        assertThat(Files.readAllBytes(blobFile(looseSha))).isEqualTo(loose);
    }

    @Test
    void a_deleted_version_releases_its_blobs_to_the_collector() {
        String sha = uploadArtifactBytes(randomBytes(500));
        Answer version = registerWithFile(sha);
        String manifest = version.json().at("/artifact/sha256").asText();
        assertThat(deletedDigests(collect("PT0S"))).doesNotContain(sha, manifest);

        Answer deleted = delete("/api/v1/models/" + model + "/versions/" + version.json().get("version").asInt());
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertThat(deletedDigests(collect("P1D"))).as("released just now").doesNotContain(sha, manifest);
        assertThat(deletedDigests(collect("PT0S"))).contains(sha, manifest);
        assertThat(blobFile(sha)).doesNotExist();
    }

    @Test
    void an_upload_of_held_bytes_restarts_their_grace_period() {
        byte[] bytes = randomBytes(700);
        String sha = uploadArtifactBytes(bytes);
        execute("update event_store.artifact_blob set touched_at = now() - interval '2 days', "
                + "stored_at = now() - interval '2 days' where sha256 = ?", sha);
        assertThat(upload(bytes).status()).isEqualTo(200);
        assertThat(deletedDigests(collect("P1D"))).doesNotContain(sha);
        assertThat(blobFile(sha)).exists();
    }

    @Test
    void a_collection_and_an_upload_of_the_same_digest_take_turns_and_the_upload_wins() throws Exception {
        byte[] bytes = randomBytes(10_000);
        String sha = uploadArtifactBytes(bytes);
        CompletableFuture<Answer> collection;
        CompletableFuture<Answer> upload;
        try (Connection connection = database()) {
            connection.setAutoCommit(false);
            lockDigest(connection, sha);
            collection = CompletableFuture.supplyAsync(() -> collect("PT0S"));
            upload = CompletableFuture.supplyAsync(() -> upload(bytes));
            waitUntil(() -> waitingForDigest(sha) == 2, "the collector and the upload wait for the digest's lock");
            assertThat(collection).isNotDone();
            assertThat(upload).isNotDone();
            connection.commit();
        }
        Answer uploaded = upload.get(30, TimeUnit.SECONDS);
        collection.get(30, TimeUnit.SECONDS);
        assertThat(uploaded.status()).as(uploaded.toString()).isIn(200, 201);
        // whichever went first, the upload's answer holds: the bytes are there and recorded as stored
        assertThat(Files.readAllBytes(blobFile(sha))).isEqualTo(bytes);
        assertThat(blobRow(sha)).containsEntry("state", "stored");
        assertThat(artifactEvents(sha).getLast()).isEqualTo("stored");
    }

    @Test
    void uploads_racing_collections_never_leave_a_stored_blob_without_its_bytes() throws Exception {
        byte[] bytes = randomBytes(50_000);
        String sha = sha256(bytes);
        for (int round = 0; round < 8; round++) {
            CompletableFuture<Answer> collection = CompletableFuture.supplyAsync(() -> collect("PT0S"));
            CompletableFuture<Answer> upload = CompletableFuture.supplyAsync(() -> upload(bytes));
            assertThat(upload.get(30, TimeUnit.SECONDS).status()).isIn(200, 201);
            assertThat(collection.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            String state = (String) blobRow(sha).get("state");
            assertThat(Files.exists(blobFile(sha))).as("round %d: bytes present exactly when stored (%s)", round, state)
                    .isEqualTo(!"deleted".equals(state));
            if ("stored".equals(state)) {
                assertThat(Files.readAllBytes(blobFile(sha))).isEqualTo(bytes);
            }
        }
        assertNoStagingLeftovers();
    }

    @Test
    void registrations_racing_collections_either_reference_a_held_blob_or_are_refused() throws Exception {
        int registered = 0;
        for (int round = 0; round < 8; round++) {
            String sha = uploadArtifactBytes(randomBytes(2000));
            long eventsBefore = storedEvents(model).size();
            CompletableFuture<Answer> collection = CompletableFuture.supplyAsync(() -> collect("PT0S"));
            CompletableFuture<Answer> registration = CompletableFuture.supplyAsync(() -> registerWithFile(sha));
            Answer answer = registration.get(30, TimeUnit.SECONDS);
            assertThat(collection.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            if (answer.status() == 201) {
                registered++;
                assertThat(blobRow(sha)).as("round %d", round).containsEntry("state", "stored");
                assertThat(blobFile(sha)).exists();
                assertThat(rows("select 1 from event_store.artifact_reference where sha256 = ?", sha)).isNotEmpty();
            } else {
                assertThat(answer.contentType()).startsWith("application/problem+json");
                assertThat(answer.json().get("code").asText()).as(answer.toString())
                        .isIn("artifact_not_found", "artifact_not_held");
                assertThat(storedEvents(model)).as("no version recorded").hasSize((int) eventsBefore);
            }
        }
        assertThat(registered).as("registrations that won the race").isBetween(0, 8);
    }

    /**
     * The collector's side of the lock protocol: a registration holding a key-share lock on the blob row
     * (simulated here with the statement the registration's reference check uses) makes the collector
     * wait, and once the reference is committed the collector keeps the blob.
     */
    @Test
    void the_collector_waits_for_a_registration_that_holds_the_blob_row_and_then_keeps_the_blob() throws Exception {
        String sha = uploadArtifactBytes(randomBytes(800));
        CompletableFuture<Answer> collection;
        try (Connection connection = database()) {
            connection.setAutoCommit(false);
            update(connection, "select sha256 from event_store.artifact_blob where sha256 = ? and held for key share", sha);
            collection = CompletableFuture.supplyAsync(() -> collect("PT0S"));
            waitUntil(() -> waitingForRowLock() >= 1, "the collector waits for the blob row");
            update(connection, "insert into event_store.artifact_reference (model, version, sha256, stage, stage_since) "
                    + "values ('" + model + "', 999, ?, 'None', now())", sha);
            connection.commit();
        }
        assertThat(deletedDigests(collection.get(30, TimeUnit.SECONDS))).doesNotContain(sha);
        assertThat(blobFile(sha)).exists();
        assertThat(blobRow(sha)).containsEntry("state", "stored");
    }

    /**
     * The registration's side: while the collector holds the blob row (as it does between its check
     * and its commit), a registration waits; when the collector commits the blob as deleted the
     * registration is refused with 409 {@code artifact_not_held} and records nothing.
     */
    @Test
    void a_registration_that_waited_for_the_collector_is_refused_when_the_blob_was_deleted() throws Exception {
        String sha = uploadArtifactBytes(randomBytes(900));
        long eventsBefore = storedEvents(model).size();
        CompletableFuture<Answer> registration;
        try (Connection connection = database()) {
            connection.setAutoCommit(false);
            update(connection, "select sha256 from event_store.artifact_blob where sha256 = ? for update", sha);
            registration = CompletableFuture.supplyAsync(() -> registerWithFile(sha));
            waitUntil(() -> waitingForRowLock() >= 1, "the registration waits for the blob row");
            // what the collector's ArtifactDeleted does to the catalog, in its transaction
            update(connection, "update event_store.artifact_blob set state = 'deleted', deleted_at = now() "
                    + "where sha256 = ?", sha);
            connection.commit();
        }
        Answer answer = registration.get(30, TimeUnit.SECONDS);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(409);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("code").asText()).isEqualTo("artifact_not_held");
        assertThat(answer.json().get("field").asText()).isEqualTo("files");
        assertThat(answer.json().get("sha256s").toString()).contains(sha);
        assertThat(storedEvents(model)).as("no version recorded").hasSize((int) eventsBefore);
        // put the catalog back in line with the store for the tests that follow
        execute("update event_store.artifact_blob set state = 'stored', deleted_at = null where sha256 = ?", sha);
    }

    /**
     * Tiering finds the blobs whose every version is archived past {@code archived-after} (P30D; the
     * stage time is moved back here), and on the local disk, which has no storage classes, records
     * nothing and leaves the bytes alone.
     */
    @Test
    void blobs_of_long_archived_versions_are_not_moved_on_a_backend_without_storage_classes() throws Exception {
        byte[] bytes = randomBytes(600);
        String sha = uploadArtifactBytes(bytes);
        Answer version = registerWithFile(sha);
        int number = version.json().get("version").asInt();
        Answer archived = post("/api/v1/models/" + model + "/versions/" + number + ":transition",
                "{\"stage\":\"Archived\"}");
        assertThat(archived.status()).as(archived.toString()).isEqualTo(200);
        assertThat(rows("select stage from event_store.artifact_reference where model = ? and version = ?", model,
                number)).extracting(row -> row.get("stage")).containsOnly("Archived");
        execute("update event_store.artifact_reference set stage_since = now() - interval '60 days' "
                + "where model = ? and version = ?", model, number);

        Answer collection = collect("P1D");
        assertThat(collection.json().get("storage_class_changes").asInt()).isZero();
        assertThat(artifactEvents(sha)).containsExactly("stored");
        assertThat(blobRow(sha)).containsEntry("state", "stored").containsEntry("storage_class", null);
        assertThat(Files.readAllBytes(blobFile(sha))).isEqualTo(bytes);
    }

    // -------------------------------------------------------------------------- one transaction

    @Test
    void an_artifact_event_and_its_catalog_row_roll_back_together() {
        String sha = sha256(randomBytes(64));
        AtomicLong seenInside = new AtomicLong(-1);
        assertThatThrownBy(() -> transactionManager.executeInTransaction(() -> {
            commandGateway.sendAndWait(GenericCommandMessage.asCommandMessage(
                    new StoreArtifact(sha, 64, "application/octet-stream", null, "tester"))
                    .andMetaData(new EventMetaData("tester", "tx-" + sha.substring(0, 8), null).toMetaData()));
            seenInside.set(countInCurrentTransaction("select count(*) from event_store.artifact_blob where sha256 = ?", sha));
            throw new IllegalStateException("failure after the command");
        })).hasMessage("failure after the command");

        assertThat(seenInside.get()).as("the catalog row was written inside the command's transaction").isEqualTo(1);
        assertThat(blobRow(sha)).as("and rolled back with the event").isNull();
        assertThat(artifactEvents(sha)).isEmpty();
    }

    @Test
    void a_catalog_refusal_rolls_back_the_version_event_of_the_same_command() {
        String missing = sha256(randomBytes(32));
        int before = storedEvents(model).size();
        RegisterVersion command = RegisterVersion.of(model, new ArtifactReference(null, missing),
                List.of(new ManifestFile("model.bin", missing, 32L)), "sklearn", "1.5", Map.of(), Map.of(), null,
                Map.of(), null);
        assertThatThrownBy(() -> registryCommandGateway.send(command, new EventMetaData("tester", "tx-version", null)))
                .isInstanceOf(ArtifactError.ArtifactNotHeld.class);
        assertThat(storedEvents(model)).as("the VersionRegistered appended before the refusal is gone").hasSize(before);
        assertThat(rows("select 1 from event_store.artifact_reference where sha256 = ?", missing)).isEmpty();
        assertThat(registerVersion(model, 0.91).status()).as("and the version number is still free").isEqualTo(201);
    }

    // ------------------------------------------------------------------------- housekeeping

    @Test
    void expired_upload_sessions_and_their_parts_are_removed() {
        String id = post(UPLOADS, "").json().get("upload_id").asText();
        assertThat(putPart(id, 1, randomBytes(100)).status()).isEqualTo(200);
        assertThat(uploadDirectory(id)).exists();
        execute("update event_store.upload_session set expires_at = now() - interval '1 second' where upload_id = ?",
                UUID.fromString(id));
        assertThat(get(UPLOADS + "/" + id).status()).as("expired means gone").isEqualTo(404);

        Answer collection = collect("P1D");
        assertThat(collection.json().get("expired_uploads_removed").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(uploadDirectory(id)).doesNotExist();
        assertThat(rows("select 1 from event_store.upload_session where upload_id = ?", UUID.fromString(id))).isEmpty();
    }

    @Test
    void objects_the_catalog_does_not_hold_are_removed_once_older_than_the_grace_period() throws Exception {
        byte[] old = randomBytes(256);
        byte[] fresh = randomBytes(256);
        Path oldFile = plant(old);
        Path freshFile = plant(fresh);
        Files.setLastModifiedTime(oldFile, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

        Answer collection = collect("P1D");
        assertThat(collection.json().get("orphans").toString()).contains(sha256(old)).doesNotContain(sha256(fresh));
        assertThat(oldFile).doesNotExist();
        assertThat(freshFile).exists();
        assertThat(artifactEvents(sha256(old))).as("an orphan was never recorded, so nothing is").isEmpty();
    }

    // ------------------------------------------------------------------------------ corruption

    @Test
    void a_scrub_records_corruption_once_and_uploading_the_bytes_again_repairs_it() throws Exception {
        byte[] bytes = randomBytes(5000);
        String sha = uploadArtifactBytes(bytes);
        byte[] rotten = bytes.clone();
        rotten[4321] ^= 0x10;
        Files.write(blobFile(sha), rotten);

        Answer scrub = post("/api/v1/admin/artifacts:scrub", "");
        assertThat(scrub.status()).as(scrub.toString()).isEqualTo(200);
        assertThat(scrub.json().get("corrupted").toString()).contains(sha);
        assertThat(blobRow(sha)).containsEntry("state", "corrupted");
        assertThat(artifactEvents(sha)).containsExactly("stored", "corruption-detected");
        JsonNode event = JSON.readTree((byte[]) value("select payload from event_store.domain_event_entry "
                + "where aggregate_identifier = ? and sequence_number = 1", "sha256:" + sha));
        assertThat(event.get("detected_by").asText()).isEqualTo("scrub");
        assertThat(event.get("observed_sha256").asText()).isEqualTo(sha256(rotten));

        Answer refused = registerWithFile(sha);
        assertThat(refused.status()).as("a corrupted blob cannot back a version").isEqualTo(422);
        assertThat(refused.json().get("code").asText()).isEqualTo("artifact_corrupted");

        assertThat(post("/api/v1/admin/artifacts:scrub", "").json().get("corrupted").toString())
                .as("found once").doesNotContain(sha);
        Answer repaired = upload(bytes);
        assertThat(repaired.status()).as(repaired.toString()).isEqualTo(201);
        assertThat(Files.readAllBytes(blobFile(sha))).isEqualTo(bytes);
        assertThat(artifactEvents(sha)).containsExactly("stored", "corruption-detected", "stored");
        assertThat(registerWithFile(sha).status()).isEqualTo(201);
    }

    @Test
    void a_readers_corruption_report_is_recorded_once() {
        String sha = uploadArtifactBytes(randomBytes(300));
        Verification bad = new Verification(new Sha256(sha), new Sha256(sha256(new byte[] {7})), 300L);
        corruptionReports.report(bad, 300, "download");
        corruptionReports.report(bad, 300, "download");
        assertThat(artifactEvents(sha)).containsExactly("stored", "corruption-detected");
        assertThat(value("select convert_from(meta_data, 'UTF8')::jsonb ->> 'actor' from event_store.domain_event_entry "
                + "where aggregate_identifier = ? and sequence_number = 1", "sha256:" + sha)).isEqualTo("system:download");
        corruptionReports.report(new Verification(new Sha256(sha), new Sha256(sha), 300L), 300, "download");
        corruptionReports.report(new Verification(new Sha256(sha256(randomBytes(9))), null, null), 9, "download");
        assertThat(artifactEvents(sha)).as("intact or unknown blobs record nothing").hasSize(2);
    }

    // ---------------------------------------------------------------------------------------------

    private Path plant(byte[] bytes) throws Exception {
        Path file = blobFile(sha256(bytes));
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return file;
    }

    private static void lockDigest(Connection connection, String sha256) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select pg_advisory_xact_lock(?, hashtext(?))")) {
            statement.setInt(1, LOCK_SPACE);
            statement.setString(2, sha256);
            statement.execute();
        }
    }

    private static long waitingForDigest(String sha256) {
        return ((Number) value("select count(*) from pg_locks where locktype = 'advisory' and not granted "
                + "and classid = ?::oid and objid::bigint = (hashtext(?)::bigint & 4294967295) and objsubid = 2",
                (long) LOCK_SPACE, sha256)).longValue();
    }

    private static long waitingForRowLock() {
        return ((Number) value("select count(*) from pg_locks where not granted and locktype in ('transactionid', 'tuple')"))
                .longValue();
    }

    private static void update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.execute();
        }
    }

    private static void execute(String sql, Object... parameters) {
        try (Connection connection = database()) {
            update(connection, sql, parameters);
        } catch (SQLException e) {
            throw new AssertionError(sql, e);
        }
    }

    private static void waitUntil(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached in 20 s: " + what);
            }
            pause(20);
        }
    }

    private long countInCurrentTransaction(String sql, String parameter) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
