package dev.modelregistry.projection.postgres;

import static dev.modelregistry.readmodel.jooq.Tables.RUN_INPUT;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_LATEST_METRIC;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_PARAM;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_TAG;

import dev.modelregistry.events.tracking.MetricPoint;
import dev.modelregistry.events.tracking.Param;
import dev.modelregistry.projection.core.BinaryCopyRows;
import dev.modelregistry.projection.postgres.TrackingRows.Input;
import dev.modelregistry.projection.postgres.TrackingRows.InputKey;
import dev.modelregistry.projection.postgres.TrackingRows.RunKey;
import dev.modelregistry.projection.postgres.TrackingRows.TagValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The params, tags, latest metrics and inputs of a whole tracking replay, reduced in memory and written
 * once at the end with binary COPY, instead of one {@code unnest} upsert per table and batch: in a
 * rebuild the tables start empty, so each row can be written once. The reduction is exactly what the
 * live upserts leave, batch after committed batch ({@link #merge}): a param's first value stays (ON
 * CONFLICT DO NOTHING); a tag's value of a higher position replaces the stored one; a metric point
 * replaces the latest one when PostgreSQL's row comparison of (step, timestamp, value) as stored finds it
 * greater (microseconds, NaN above every number, -0 equal to 0); an input's first row stays.
 *
 * <p>Memory grows with the number of distinct (run, key) and (run, input) pairs, not with the events:
 * about 200 bytes a row. Past {@code maxRows} the reduction is written ({@link #write}), emptied, and
 * goes on; rows written by then may conflict with later ones, so every write after the first is the
 * live upserts.
 */
final class TrackingReduction {

    /**
     * PostgreSQL's order of {@code row(step, timestamp, value)} on the stored values: the timestamp in
     * microseconds as stored, float8 order for the value (NaN above everything and equal to itself).
     */
    static final Comparator<MetricPoint> STORED_ORDER = Comparator.comparingLong(MetricPoint::step)
            .thenComparingLong(p -> storedSecond(p.timestamp()))
            .thenComparingLong(p -> storedMicros(p.timestamp()) % 1_000_000)
            .thenComparing(MetricPoint::value, TrackingReduction::compareFloat8);

    private final long maxRows;
    private final Map<RunKey, Param> params = new HashMap<>();
    private final Map<RunKey, TagValue> tags = new HashMap<>();
    private final Map<RunKey, MetricPoint> latest = new HashMap<>();
    private final Map<InputKey, Input> inputs = new LinkedHashMap<>();
    private final Map<String, List<String>> keys;
    private boolean written;

    /**
     * @param maxRows rows held before they are written (0: after every batch)
     * @param keys per table of {@link TrackingReplay#REDUCED_TABLES}, statements run after its first write:
     *        adding the primary keys of the tables written here when they were created without them;
     *        empty when they have them
     */
    TrackingReduction(long maxRows, Map<String, List<String>> keys) {
        if (maxRows < 0) {
            throw new IllegalArgumentException("maxRows must not be negative: " + maxRows);
        }
        this.maxRows = maxRows;
        this.keys = Map.copyOf(keys);
    }

    /** Adds a committed batch's rows, as the live upserts of that batch would change the tables. */
    void merge(TrackingRows batch) {
        batch.params.forEach(params::putIfAbsent);
        batch.tags.forEach((key, value) -> tags.merge(key, value,
                (stored, next) -> next.position() > stored.position() ? next : stored));
        batch.latest.forEach((key, point) -> latest.merge(key, point,
                (stored, next) -> STORED_ORDER.compare(next, stored) > 0 ? next : stored));
        for (Input input : batch.inputs) {
            inputs.putIfAbsent(input.key(), input);
        }
    }

    long rows() {
        return (long) params.size() + tags.size() + latest.size() + inputs.size();
    }

    /** Whether the reduction holds more rows than it may; then {@link #write} before the next batch. */
    boolean full() {
        return rows() > maxRows;
    }

    /**
     * Writes the rows (in the caller's transaction), then {@link #clear} once committed. The first write
     * goes with binary COPY into the empty tables and then runs {@code keys} (the statements that add
     * the tables' primary keys, when the caller created them without: a sorted build costs a fraction of
     * inserting row by row into the key's index); any later one (after a spill, or a rebuild's tail)
     * with the live upserts, which need those keys.
     */
    void write(PostgresBatch batch) {
        for (String table : TrackingReplay.REDUCED_TABLES) {
            write(batch, table);
        }
    }

    /**
     * {@link #write} for one of the {@link TrackingReplay#REDUCED_TABLES}: the tables are independent, so
     * each may go in its own transaction, on its own connection, at the same time as the others (the
     * maps are only read here); {@link #clear} once all are committed.
     */
    void write(PostgresBatch batch, String table) {
        boolean copy = !written;
        if (RUN_PARAM.getName().equals(table)) {
            if (copy) {
                BinaryCopyRows.append(batch.ctx(), RUN_PARAM, TrackingRows.PARAM_COLUMNS,
                        new ArrayList<>(params.entrySet()), TrackingRows::paramRow);
            } else {
                TrackingRows.upsertParams(batch, List.copyOf(params.entrySet()));
            }
        } else if (RUN_TAG.getName().equals(table)) {
            if (copy) {
                BinaryCopyRows.append(batch.ctx(), RUN_TAG, TrackingRows.TAG_COLUMNS, new ArrayList<>(tags.entrySet()),
                        TrackingRows::tagRow);
            } else {
                TrackingRows.upsertTags(batch, List.copyOf(tags.entrySet()));
            }
        } else if (RUN_LATEST_METRIC.getName().equals(table)) {
            if (copy) {
                BinaryCopyRows.append(batch.ctx(), RUN_LATEST_METRIC, TrackingRows.LATEST_COLUMNS,
                        new ArrayList<>(latest.entrySet()), TrackingRows::latestRow);
            } else {
                TrackingRows.upsertLatest(batch, List.copyOf(latest.entrySet()));
            }
        } else if (RUN_INPUT.getName().equals(table)) {
            if (copy) {
                BinaryCopyRows.append(batch.ctx(), RUN_INPUT, TrackingRows.INPUT_COLUMNS, new ArrayList<>(inputs.values()),
                        TrackingRows::inputRow);
            } else {
                TrackingRows.insertInputs(batch, List.copyOf(inputs.values()));
            }
        } else {
            throw new IllegalArgumentException("not a reduced table: " + table);
        }
        if (copy) {
            keys.getOrDefault(table, List.of()).forEach(batch.ctx()::execute);
        }
    }

    /** After a committed {@link #write}: the rows are in the tables. */
    void clear() {
        params.clear();
        tags.clear();
        latest.clear();
        inputs.clear();
        written = true;
    }

    private static long storedMicros(Instant instant) {
        return BinaryCopyRows.storedMicros(instant.getNano());
    }

    /** The second PostgreSQL stores: a fraction rounded up to 1,000,000 microseconds is the next one. */
    private static long storedSecond(Instant instant) {
        return instant.getEpochSecond() + storedMicros(instant) / 1_000_000;
    }

    /** PostgreSQL's float8 order (float8_cmp_internal): NaN equals NaN and is above everything; -0 = 0. */
    static int compareFloat8(double a, double b) {
        if (Double.isNaN(a)) {
            return Double.isNaN(b) ? 0 : 1;
        }
        if (Double.isNaN(b)) {
            return -1;
        }
        return a > b ? 1 : a < b ? -1 : 0;
    }
}
