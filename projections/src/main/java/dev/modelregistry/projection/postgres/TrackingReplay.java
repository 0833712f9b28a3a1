package dev.modelregistry.projection.postgres;

import static dev.modelregistry.readmodel.jooq.Tables.RUN_INPUT;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_LATEST_METRIC;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_PARAM;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_TAG;

import dev.modelregistry.projection.core.IncomingEvent;
import dev.modelregistry.projection.core.Projector.BatchResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jooq.Table;

/**
 * Writes the experiment-tracking events of a whole replay into the fresh tracking tables of a schema
 * (a tracking rebuild), with the live projector's rows code: {@link #apply} each batch in one
 * transaction, then {@link #finish} once. No audit rows, no {@code projection_progress}, no duplicate
 * check against {@code audit_log} (its tables are fresh; a duplicate within a batch is skipped, one in
 * an earlier batch is refused by the metric rows' key like any refused row). Events of other families
 * and undecodable records count as failed and change nothing; a record whose rows the database refuses
 * is isolated, logged and skipped as {@link PostgresProjector#apply} does, but not parked again (the
 * live projector parked it when it met it).
 *
 * <p>Runs, experiments, artifacts and metric batches are written per batch; params, tags, latest
 * metrics and inputs ({@link #REDUCED_TABLES}) are reduced in memory and written by {@link #flush}
 * ({@link TrackingReduction}: the same rows the live upserts leave, memory bounded by
 * {@code maxReducedRows}, past which it flushes before the next batch): the first flush with binary
 * COPY into the empty tables, any later one (after more batches: a rebuild's tail) with the live
 * upserts. Not thread-safe: one thread at a time (but the tasks of {@link #flushByTable} together).
 */
public final class TrackingReplay {

    private final PostgresProjector projector;
    private final TrackingReduction reduction;

    TrackingReplay(PostgresProjector projector, TrackingReduction reduction) {
        this.projector = Objects.requireNonNull(projector, "projector");
        this.reduction = Objects.requireNonNull(reduction, "reduction");
    }

    /**
     * Applies one batch in one transaction. Throws, with nothing of the batch applied, when the database
     * fails (not a data error): the caller retries the same batch.
     */
    public BatchResult apply(List<IncomingEvent> events) {
        if (reduction.full()) {
            flush(); // its own transaction before the batch: a failure here leaves the batch to the caller's retry
        }
        return projector.applyIncoming(events, PostgresProjector.Mode.TRACKING_ONLY, reduction);
    }

    /**
     * Writes the rows reduced so far (in one transaction); call after the last batch, and best before
     * the tables' secondary indexes are built (the first flush is a COPY into unindexed tables).
     */
    public void flush() {
        projector.database().inTransaction(ctx -> {
            reduction.write(new PostgresBatch(ctx, PostgresProjector.NAME));
            return null;
        });
        reduction.clear();
    }

    /**
     * {@link #flush} split by table: one task per table of {@link #REDUCED_TABLES}, each writing that
     * table's rows (and, the first time, adding its key) in its own transaction. The tables are
     * independent, so the tasks may run at the same time on several connections, and the caller may go
     * on to index each table as soon as its task is done. Run every task once, with no {@link #apply}
     * meanwhile, then {@link #flushed}.
     */
    public Map<String, Runnable> flushByTable() {
        Map<String, Runnable> tasks = new LinkedHashMap<>();
        for (String table : REDUCED_TABLES) {
            tasks.put(table, () -> projector.database().inTransaction(ctx -> {
                reduction.write(new PostgresBatch(ctx, PostgresProjector.NAME), table);
                return null;
            }));
        }
        return tasks;
    }

    /** After every task of {@link #flushByTable} has committed: the rows are in the tables. */
    public void flushed() {
        reduction.clear();
    }

    /**
     * The tables whose rows are reduced in memory and written by {@link #flush}: created without their
     * primary keys, they may get them from the first flush ({@link PostgresProjector#trackingReplay}).
     */
    public static final List<String> REDUCED_TABLES = Stream.of(RUN_PARAM, RUN_TAG, RUN_LATEST_METRIC, RUN_INPUT)
            .map(Table::getName).toList();
}
