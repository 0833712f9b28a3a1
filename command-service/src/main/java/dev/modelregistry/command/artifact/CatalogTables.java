package dev.modelregistry.command.artifact;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every SQL statement of the artifact feature, on the catalog tables of migration
 * {@code V2__artifact_catalog.sql} in the event store's schema. Statements join the caller's Spring
 * transaction when there is one (the subscribing catalog processor runs inside the command's).
 *
 * <p>Locks, and why they cannot deadlock or lose a reference:
 * <ul>
 *   <li>{@link #lockDigest}: a transaction-scoped advisory lock per digest, taken first by every
 *       transaction that publishes, deletes or records anything about a blob (uploads, the collector,
 *       tiering, corruption reports). It serialises bytes and events of one digest.</li>
 *   <li>Version registration takes no advisory lock: its references ({@link #referenceHeld}) take
 *       {@code FOR KEY SHARE} on the blob rows, in digest order, and the foreign key takes the same.</li>
 *   <li>The collector, holding the advisory lock of one digest, locks that one blob row
 *       {@code FOR UPDATE} ({@link #lockForDeletion}) before it checks for references. That conflicts
 *       with a registration's key-share lock: either the registration committed first (the collector
 *       then sees its reference and keeps the blob), or the registration waits until the collector
 *       committed the blob as deleted and then finds it not held (refused, nothing recorded). The
 *       collector holds one row at a time and waits for nothing after taking it, so no cycle forms.</li>
 *   <li>Releasing references ({@link #releaseVersion}, {@link #releaseModel}) locks the affected rows
 *       in digest order ({@code FOR NO KEY UPDATE}, compatible with key share).</li>
 * </ul>
 */
final class CatalogTables {

    /** First key of the two-key advisory lock: {@code 'artf'} in ASCII, so other lock users do not collide. */
    static final int LOCK_SPACE = 0x61727466;

    /** A row of {@code artifact_blob}. */
    record BlobRow(String sha256, long size, String mediaType, String fileName, String state, String storageClass,
                   Instant storedAt, Instant touchedAt, Instant releasedAt) {

        boolean held() {
            return !"deleted".equals(state);
        }

        boolean corrupted() {
            return "corrupted".equals(state);
        }
    }

    /** A row of {@code upload_session}. */
    record SessionRow(UUID uploadId, String state, String expectedSha256, Long declaredSize, String mediaType,
                      String fileName, String createdBy, Instant createdAt, Instant expiresAt, String resultSha256) {
    }

    /** A row of {@code upload_part}. */
    record PartRow(int partNumber, long size, String sha256, Instant receivedAt) {
    }

    private static final String BLOB_COLUMNS =
            "sha256, size, media_type, file_name, state, storage_class, stored_at, touched_at, released_at";
    private static final String SESSION_COLUMNS = "upload_id, state, expected_sha256, declared_size, media_type, "
            + "file_name, created_by, created_at, expires_at, result_sha256";

    private final JdbcClient jdbc;
    private final String blob;
    private final String reference;
    private final String runReference;
    private final String session;
    private final String part;

    CatalogTables(DataSource dataSource, String schema) {
        this.jdbc = JdbcClient.create(dataSource);
        this.blob = schema + ".artifact_blob";
        this.reference = schema + ".artifact_reference";
        this.runReference = schema + ".run_artifact_reference";
        this.session = schema + ".upload_session";
        this.part = schema + ".upload_part";
    }

    // ------------------------------------------------------------------------------------ locks

    /** Waits for the digest's advisory lock; it is held until the current transaction ends. */
    void lockDigest(String sha256) {
        jdbc.sql("select 1 from (select pg_advisory_xact_lock(?, hashtext(?))) as locked")
                .params(LOCK_SPACE, sha256).query(Integer.class).single();
    }

    /**
     * References the held digests among {@code sha256s} from version {@code model}@{@code version}, in one
     * statement: the blob rows are locked {@code FOR KEY SHARE} (in digest order) until the transaction
     * ends, so the collector cannot delete them before the references are in, and the references of
     * those rows are inserted. Returns the held digests: when some are missing the caller refuses, and the
     * transaction's rollback takes the references back.
     */
    Set<String> referenceHeld(String model, int version, Collection<String> sha256s, Instant at) {
        return new LinkedHashSet<>(jdbc.sql(heldAnd("insert into " + reference
                        + " (model, version, sha256, stage, stage_since) select ?, ?, sha256, 'None', ? from held "
                        + "on conflict (model, version, sha256) do nothing"))
                .params(sha256s.toArray(String[]::new), model, version, time(at)).query(String.class).list());
    }

    /** A run's artifacts, as {@link #referenceHeld} does for a version's files. */
    Set<String> referenceHeldFromRun(String runId, Collection<String> sha256s) {
        return new LinkedHashSet<>(jdbc.sql(heldAnd("insert into " + runReference
                        + " (run_id, sha256) select ?, sha256 from held on conflict (run_id, sha256) do nothing"))
                .params(sha256s.toArray(String[]::new), runId).query(String.class).list());
    }

    /** {@code insert} over the held blob rows among the digests of the first parameter, locked for key share. */
    private String heldAnd(String insert) {
        return "with held as materialized (select sha256 from " + blob + " where sha256 = any(?) and held "
                + "order by sha256 for key share), referenced as (" + insert + ") select sha256 from held";
    }

    /** The blob row, locked {@code FOR UPDATE} (see the class comment); empty when the digest was never stored. */
    Optional<BlobRow> lockForDeletion(String sha256) {
        return jdbc.sql("select " + BLOB_COLUMNS + " from " + blob + " where sha256 = ? for update")
                .params(sha256).query(CatalogTables::blobRow).optional();
    }

    // ------------------------------------------------------------------------- blob events (projection)

    void stored(String sha256, long size, String mediaType, String fileName, Instant at) {
        jdbc.sql("insert into " + blob + " (sha256, size, media_type, file_name, state, storage_class, stored_at, "
                        + "touched_at) values (?, ?, ?, ?, 'stored', null, ?, ?) "
                        + "on conflict (sha256) do update set size = excluded.size, media_type = excluded.media_type, "
                        + "file_name = excluded.file_name, state = 'stored', storage_class = null, "
                        + "stored_at = excluded.stored_at, touched_at = excluded.touched_at, corrupted_at = null, "
                        + "deleted_at = null")
                .params(sha256, size, mediaType, fileName, time(at), time(at)).update();
    }

    void corrupted(String sha256, Instant at) {
        jdbc.sql("update " + blob + " set state = 'corrupted', corrupted_at = ? where sha256 = ?")
                .params(time(at), sha256).update();
    }

    /** Marks the blob deleted; the foreign key refuses this while a reference exists. */
    void deleted(String sha256, Instant at) {
        jdbc.sql("update " + blob + " set state = 'deleted', deleted_at = ?, storage_class = null where sha256 = ?")
                .params(time(at), sha256).update();
    }

    void storageClassChanged(String sha256, String storageClass) {
        jdbc.sql("update " + blob + " set storage_class = ? where sha256 = ?").params(storageClass, sha256).update();
    }

    // -------------------------------------------------------------------- reference events (projection)

    void stageChanged(String model, int version, String stage, Instant at) {
        jdbc.sql("update " + reference + " set stage = ?, stage_since = ? where model = ? and version = ?")
                .params(stage, time(at), model, version).update();
    }

    /** Removes the references of one version; the blobs left without any reference are released at {@code at}. */
    void releaseVersion(String model, int version, Instant at) {
        release(jdbc.sql("delete from " + reference + " where model = ? and version = ? returning sha256")
                .params(model, version).query(String.class).list(), at);
    }

    /** Removes the references of every version of a model (see {@link #releaseVersion}). */
    void releaseModel(String model, Instant at) {
        release(jdbc.sql("delete from " + reference + " where model = ? returning sha256")
                .params(model).query(String.class).list(), at);
    }

    /** Removes the references of a deleted run (see {@link #releaseVersion}). */
    void releaseRun(String runId, Instant at) {
        release(jdbc.sql("delete from " + runReference + " where run_id = ? returning sha256")
                .params(runId).query(String.class).list(), at);
    }

    /** SQL: no version and no run references the blob aliased {@code alias}. */
    private String unreferenced(String alias) {
        return "not exists (select 1 from " + reference + " r where r.sha256 = " + alias + ".sha256) "
                + "and not exists (select 1 from " + runReference + " rr where rr.sha256 = " + alias + ".sha256)";
    }

    private void release(List<String> sha256s, Instant at) {
        if (sha256s.isEmpty()) {
            return;
        }
        jdbc.sql("with locked as (select sha256 from " + blob + " where sha256 = any(?) order by sha256 "
                        + "for no key update) "
                        + "update " + blob + " b set released_at = ? from locked where b.sha256 = locked.sha256 "
                        + "and " + unreferenced("b"))
                .params(sha256s.stream().distinct().toArray(String[]::new), time(at)).update();
    }

    // ------------------------------------------------------------------------------------ catalog

    /** Blob rows of the held digests among {@code sha256s} (stored or corrupted), by digest. */
    Map<String, BlobRow> findHeld(Collection<String> sha256s) {
        Map<String, BlobRow> rows = new HashMap<>();
        if (sha256s.isEmpty()) {
            return rows;
        }
        jdbc.sql("select " + BLOB_COLUMNS + " from " + blob + " where sha256 = any(?) and held")
                .params((Object) sha256s.toArray(String[]::new)).query(CatalogTables::blobRow).list()
                .forEach(row -> rows.put(row.sha256(), row));
        return rows;
    }

    Optional<BlobRow> find(String sha256) {
        return jdbc.sql("select " + BLOB_COLUMNS + " from " + blob + " where sha256 = ?")
                .params(sha256).query(CatalogTables::blobRow).optional();
    }

    /** An upload delivered bytes that are already held: the grace period starts again. */
    void touch(String sha256, Instant at) {
        jdbc.sql("update " + blob + " set touched_at = greatest(touched_at, ?) where sha256 = ?")
                .params(time(at), sha256).update();
    }

    boolean isReferenced(String sha256) {
        return jdbc.sql("select exists (select 1 from " + reference + " where sha256 = ?) "
                        + "or exists (select 1 from " + runReference + " where sha256 = ?)")
                .params(sha256, sha256).query(Boolean.class).single();
    }

    // ------------------------------------------------------------------------- collector and tiering

    /**
     * Held blobs without references whose bytes were last delivered, and whose last reference was
     * removed, before {@code cutoff}; at most {@code limit}, in digest order after {@code after}.
     */
    List<String> collectable(Instant cutoff, String after, int limit) {
        return jdbc.sql("select sha256 from " + blob + " b where held and sha256 > ? and touched_at < ? "
                        + "and (released_at is null or released_at < ?) "
                        + "and " + unreferenced("b") + " "
                        + "order by sha256 limit ?")
                .params(after, time(cutoff), time(cutoff), limit).query(String.class).list();
    }

    /** Whether a locked blob row may be collected now (the same rule as {@link #collectable}). */
    static boolean collectable(BlobRow row, Instant cutoff) {
        return row.held() && row.touchedAt().isBefore(cutoff)
                && (row.releasedAt() == null || row.releasedAt().isBefore(cutoff));
    }

    /**
     * Stored blobs not yet in {@code storageClass} whose every reference is a version in Archived since
     * before {@code cutoff} (and that have at least one); at most {@code limit}, in digest order.
     */
    List<String> archivable(Instant cutoff, String storageClass, String after, int limit) {
        return jdbc.sql("select b.sha256 from " + blob + " b join " + reference + " r on r.sha256 = b.sha256 "
                        + "where b.state = 'stored' and b.sha256 > ? and b.storage_class is distinct from ? "
                        + "group by b.sha256 "
                        + "having bool_and(r.stage = 'Archived' and r.stage_since < ?) "
                        + "order by b.sha256 limit ?")
                .params(after, storageClass, time(cutoff), limit).query(String.class).list();
    }

    /** Stored (not corrupted, not deleted) blobs in digest order after {@code after}, for scrubbing. */
    List<BlobRow> storedAfter(String after, int limit) {
        return jdbc.sql("select " + BLOB_COLUMNS + " from " + blob + " where state = 'stored' and sha256 > ? "
                        + "order by sha256 limit ?")
                .params(after, limit).query(CatalogTables::blobRow).list();
    }

    // ------------------------------------------------------------------------------ upload sessions

    void insertSession(SessionRow row) {
        jdbc.sql("insert into " + session + " (" + SESSION_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(row.uploadId(), row.state(), row.expectedSha256(), row.declaredSize(), row.mediaType(),
                        row.fileName(), row.createdBy(), time(row.createdAt()), time(row.expiresAt()),
                        row.resultSha256())
                .update();
    }

    Optional<SessionRow> session(UUID uploadId) {
        return jdbc.sql("select " + SESSION_COLUMNS + " from " + session + " where upload_id = ?")
                .params(uploadId).query(CatalogTables::sessionRow).optional();
    }

    List<PartRow> parts(UUID uploadId) {
        return jdbc.sql("select part_number, size, sha256, received_at from " + part + " where upload_id = ? "
                        + "order by part_number")
                .params(uploadId).query((rs, n) -> new PartRow(rs.getInt(1), rs.getLong(2), rs.getString(3),
                        instant(rs, 4))).list();
    }

    /** Records an accepted part and extends the session; false when the session is not open (any more). */
    boolean acceptPart(UUID uploadId, PartRow row, Instant expiresAt) {
        int sessions = jdbc.sql("update " + session + " set expires_at = greatest(expires_at, ?) "
                        + "where upload_id = ? and state = 'open'")
                .params(time(expiresAt), uploadId).update();
        if (sessions == 0) {
            return false;
        }
        jdbc.sql("insert into " + part + " (upload_id, part_number, size, sha256, received_at) values (?, ?, ?, ?, ?) "
                        + "on conflict (upload_id, part_number) do update set size = excluded.size, "
                        + "sha256 = excluded.sha256, received_at = excluded.received_at")
                .params(uploadId, row.partNumber(), row.size(), row.sha256(), time(row.receivedAt())).update();
        return true;
    }

    /** A part's bytes were replaced by ones that were refused: it no longer counts as received. */
    void forgetPart(UUID uploadId, int partNumber) {
        jdbc.sql("delete from " + part + " where upload_id = ? and part_number = ?").params(uploadId, partNumber)
                .update();
    }

    /** Moves an open, unexpired session to 'completing'; false when it is not open or has expired. */
    boolean beginCompleting(UUID uploadId, Instant now) {
        return jdbc.sql("update " + session + " set state = 'completing' where upload_id = ? and state = 'open' "
                        + "and expires_at > ?")
                .params(uploadId, time(now)).update() == 1;
    }

    /** Back to 'open' after a completion that failed (the client may fix a part and complete again). */
    void reopen(UUID uploadId) {
        jdbc.sql("update " + session + " set state = 'open' where upload_id = ? and state = 'completing'")
                .params(uploadId).update();
    }

    void completed(UUID uploadId, String sha256) {
        jdbc.sql("update " + session + " set state = 'completed', result_sha256 = ? where upload_id = ?")
                .params(sha256, uploadId).update();
    }

    /** Removes a session and its part rows (their bytes are removed by the caller). */
    void deleteSession(UUID uploadId) {
        jdbc.sql("delete from " + session + " where upload_id = ?").params(uploadId).update();
    }

    /** Sessions expired before {@code now}, oldest first; at most {@code limit}. */
    List<UUID> expiredSessions(Instant now, int limit) {
        return jdbc.sql("select upload_id from " + session + " where expires_at <= ? order by expires_at limit ?")
                .params(time(now), limit).query(UUID.class).list();
    }

    // ------------------------------------------------------------------------------------ mapping

    private static BlobRow blobRow(ResultSet rs, int row) throws SQLException {
        return new BlobRow(rs.getString("sha256"), rs.getLong("size"), rs.getString("media_type"),
                rs.getString("file_name"), rs.getString("state"), rs.getString("storage_class"),
                instant(rs, "stored_at"), instant(rs, "touched_at"), instant(rs, "released_at"));
    }

    private static SessionRow sessionRow(ResultSet rs, int row) throws SQLException {
        long size = rs.getLong("declared_size");
        Long declared = rs.wasNull() ? null : size;
        return new SessionRow(rs.getObject("upload_id", UUID.class), rs.getString("state"),
                rs.getString("expected_sha256"), declared, rs.getString("media_type"),
                rs.getString("file_name"), rs.getString("created_by"), instant(rs, "created_at"),
                instant(rs, "expires_at"), rs.getString("result_sha256"));
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
