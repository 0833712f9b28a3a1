package dev.modelregistry.projection.postgres;

import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.projection.core.IncomingEvent;
import dev.modelregistry.projection.core.ProjectionStore;
import dev.modelregistry.projection.core.ProjectionStore.PartitionProgress;
import dev.modelregistry.projection.core.Projector;
import dev.modelregistry.projection.core.ReadModelDatabase;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL read models (model, model_version, version_dataset, version_parent, version_file,
 * stage_history, alias_history, artifact, audit_log) of one schema, built from {@code registry.events}.
 *
 * <p>{@link #apply(List)} applies a list of records in ONE transaction: duplicates (by event id,
 * against {@code audit_log}) are skipped, every other event gets its audit row (with the record's
 * Kafka partition and offset, which read-your-writes of the search projector needs) and its effects,
 * and the offset and position of each partition go to {@code projection_progress} in the same
 * transaction. Records that are not events of this code base (unknown type, newer schema version,
 * malformed) are logged and parked in {@code projection_failure}; so is a record whose rows the
 * database refuses (a data error, SQLSTATE class 22 or 23): the batch is then re-applied one record
 * per transaction to isolate it. Any other error (database down) is thrown, nothing is committed, and
 * the caller retries the same records.
 */
public final class PostgresProjector implements Projector {

    public static final String NAME = "postgres";

    private static final Logger log = LoggerFactory.getLogger(PostgresProjector.class);

    private final ReadModelDatabase database;

    public PostgresProjector(ReadModelDatabase database) {
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public String name() {
        return NAME;
    }

    public ReadModelDatabase database() {
        return database;
    }

    @Override
    public BatchResult applyDecoded(List<IncomingEvent> events) {
        return applyIncoming(events, Mode.ALL, null);
    }

    /**
     * Applies events that have no Kafka record (tests, tools) in one transaction, without touching
     * {@code projection_progress}; their audit rows have no Kafka position. Same rules as
     * {@link #apply(List)}.
     */
    public BatchResult applyEvents(List<EventEnvelope> envelopes) {
        List<IncomingEvent> events = new ArrayList<>(envelopes.size());
        for (int i = 0; i < envelopes.size(); i++) {
            events.add(IncomingEvent.of(envelopes.get(i), 0, i));
        }
        return applyIncoming(events, Mode.WITHOUT_PROGRESS, null);
    }

    /**
     * A writer of the experiment-tracking events of a whole replay into the tracking tables of this
     * schema (fresh tables: a tracking rebuild); see {@link TrackingReplay}.
     *
     * @param maxReducedRows params, tags, latest metrics and inputs held in memory before they are
     *        written (0: after every batch, as the live projector does)
     * @param keys statements adding the primary keys of {@link TrackingReplay#REDUCED_TABLES}, run after
     *        the first write into them, when they were created without (empty: they have them; a write
     *        after the first needs them)
     */
    public TrackingReplay trackingReplay(long maxReducedRows, Map<String, List<String>> keys) {
        return new TrackingReplay(this, new TrackingReduction(maxReducedRows, keys));
    }

    @Override
    public Map<Integer, Long> storedOffsets() {
        return ProjectionStore.offsets(database.dsl(), NAME);
    }

    /** What one call applies and records. */
    enum Mode {
        /** every read model, with the progress of each partition */
        ALL,
        /** every read model, no progress (records without a Kafka position) */
        WITHOUT_PROGRESS,
        /** the tracking tables only, nothing else (a tracking rebuild) */
        TRACKING_ONLY
    }

    /**
     * @param reduction for {@link Mode#TRACKING_ONLY}: where the params, tags, latest metrics and inputs of
     *        each committed transaction go (a refused record's never do)
     */
    BatchResult applyIncoming(List<IncomingEvent> events, Mode mode, TrackingReduction reduction) {
        if (events.isEmpty()) {
            return BatchResult.EMPTY;
        }
        try {
            List<TrackingRows> written = new ArrayList<>(1);
            BatchResult result = database.inTransaction(ctx -> {
                PostgresBatch batch = new PostgresBatch(ctx, NAME);
                if (mode != Mode.TRACKING_ONLY) {
                    return batch.run(events, mode == Mode.ALL);
                }
                written.clear();
                TrackingRows tracking = new TrackingRows(true);
                written.add(tracking);
                return batch.runTrackingOnly(events, tracking);
            });
            // only now: a rolled-back transaction's rows must not count
            if (reduction != null) {
                written.forEach(reduction::merge);
            }
            return result;
        } catch (DataAccessException e) {
            if (!isDataError(e)) {
                throw e;
            }
            if (events.size() > 1) {
                log.warn("Batch of {} records refused by the database ({}); applying them one by one",
                        events.size(), databaseMessage(e));
                int applied = 0;
                int duplicates = 0;
                int failed = 0;
                long max = 0;
                for (int i = 0; i < events.size(); i++) {
                    BatchResult one = applyIncoming(List.of(events.get(i)), mode, reduction);
                    applied += one.applied();
                    duplicates += one.duplicates();
                    failed += one.failed();
                    max = Math.max(max, one.maxPosition());
                }
                return new BatchResult(applied, duplicates, failed, max);
            }
            IncomingEvent event = events.getFirst();
            String reason = databaseMessage(e);
            if (mode == Mode.TRACKING_ONLY) {
                log.error("Skipping {}: the database refuses its tracking rows: {}", event, reason);
                return new BatchResult(0, 0, 1, event.position());
            }
            log.error("Parking {}: the database refuses its rows: {}", event, reason);
            database.inTransaction(ctx -> {
                ProjectionStore.recordFailures(ctx, List.of(event.failure(NAME, "database refused the event: " + reason)));
                if (mode == Mode.ALL) {
                    ProjectionStore.record(ctx, NAME,
                            List.of(new PartitionProgress(event.partition(), event.offset(), event.position())));
                }
                return null;
            });
            return new BatchResult(0, 0, 1, event.position());
        }
    }

    /** The database's own message (SQLSTATE and text), without the statement jOOQ adds. */
    private static String databaseMessage(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql.getSQLState() + " " + sql.getMessage();
            }
        }
        return error.toString();
    }

    /** SQLSTATE class 22 (data exception) or 23 (integrity constraint violation): retrying gives the same. */
    static boolean isDataError(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                return state.startsWith("22") || state.startsWith("23");
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "PostgresProjector[" + database.schema() + "]";
    }
}
