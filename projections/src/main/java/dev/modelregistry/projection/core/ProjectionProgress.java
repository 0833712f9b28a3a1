package dev.modelregistry.projection.core;

import static dev.modelregistry.readmodel.jooq.Tables.PROJECTION_PROGRESS;

import dev.modelregistry.readmodel.ReadModelPositions;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the projectors have applied, as stored with the live read model
 * ({@code read_model.projection_progress}, {@code audit_log}, {@code projection_failure}). Whether a
 * projector has reached a position is decided by {@link ReadModelPositions}, the rule the query side
 * uses too (docs/architecture.md, Consistency model).
 */
public final class ProjectionProgress {

    /** The projector names used in {@code projection_progress}. */
    public static final String POSTGRES = ReadModelPositions.POSTGRES;
    public static final String SEARCH = ReadModelPositions.SEARCH;

    /**
     * @param updatedAt when the projector last recorded progress on this partition (database time)
     */
    public record PartitionState(int partition, long offset, long position, OffsetDateTime updatedAt) {
    }

    private final ReadModelDatabase database;
    private final Duration gapTimeout;
    private final Map<String, ReadModelPositions.Check> checks = new ConcurrentHashMap<>();

    public ProjectionProgress(ReadModelDatabase database) {
        this(database, ReadModelPositions.DEFAULT_GAP_TIMEOUT);
    }

    /** @param gapTimeout the publisher's gap timeout, for positions that are no event ({@link ReadModelPositions}) */
    public ProjectionProgress(ReadModelDatabase database, Duration gapTimeout) {
        this.database = Objects.requireNonNull(database, "database");
        this.gapTimeout = Objects.requireNonNull(gapTimeout, "gapTimeout");
    }

    public List<PartitionState> partitions(String projector) {
        var pp = PROJECTION_PROGRESS;
        return database.dsl()
                .select(pp.KAFKA_PARTITION, pp.KAFKA_OFFSET, pp.POSITION, pp.UPDATED_AT)
                .from(pp)
                .where(pp.PROJECTOR.eq(projector))
                .orderBy(pp.KAFKA_PARTITION)
                .fetch(r -> new PartitionState(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** The highest position {@code projector} has applied in any partition; 0 when nothing yet. */
    public long positionOf(String projector) {
        return ReadModelPositions.highestApplied(database.dsl(), projector);
    }

    /**
     * Whether {@code projector} has processed the event at {@code position} (and so everything
     * published before it on its partition), by the rule of {@link ReadModelPositions}. Not "applied
     * some position >= P": events are published in commit order, not in position order.
     */
    public boolean hasReached(String projector, long position) {
        return checks.computeIfAbsent(projector, p -> ReadModelPositions.prepare(database.dsl(), p, gapTimeout))
                .check(position).reached();
    }

    /** Waits until {@link #hasReached} or the timeout; returns whether it was reached. */
    public boolean awaitReached(String projector, long position, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sleep = 5;
        while (true) {
            try {
                if (hasReached(projector, position)) {
                    return true;
                }
            } catch (RuntimeException e) {
                // schema being swapped by a rebuild, database restarting: keep waiting
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Thread.sleep(Math.min(sleep, Math.max(1, left / 1_000_000)));
            sleep = Math.min(100, sleep * 2);
        }
    }
}
