package dev.modelregistry.projection;

import static dev.modelregistry.readmodel.jooq.Tables.PROJECTION_PROGRESS;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * What the projectors have applied, as stored with the live read model
 * ({@code read_model.projection_progress}). A projector has reached position P when, for each
 * partition, it has applied an event at position >= P or the partition was consumed to its end at
 * its last poll ({@code caught_up}); see docs/architecture.md, Consistency model.
 */
public final class ProjectionProgress {

    /** The projector names used in {@code projection_progress}. */
    public static final String POSTGRES = "postgres";
    public static final String SEARCH = "search";

    public record PartitionState(int partition, long offset, long position, boolean caughtUp, OffsetDateTime updatedAt) {
    }

    private final ReadModelDatabase database;

    public ProjectionProgress(ReadModelDatabase database) {
        this.database = database;
    }

    public List<PartitionState> partitions(String projector) {
        var pp = PROJECTION_PROGRESS;
        return database.dsl()
                .select(pp.KAFKA_PARTITION, pp.KAFKA_OFFSET, pp.POSITION, pp.CAUGHT_UP, pp.UPDATED_AT)
                .from(pp)
                .where(pp.PROJECTOR.eq(projector))
                .orderBy(pp.KAFKA_PARTITION)
                .fetch(r -> new PartitionState(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /** The highest position {@code projector} has applied in any partition; 0 when nothing yet. */
    public long positionOf(String projector) {
        return partitions(projector).stream().mapToLong(PartitionState::position).max().orElse(0);
    }

    /**
     * Whether {@code projector} has applied every event up to {@code position}:
     * <ul>
     * <li>every partition has applied an event at or after {@code position}; or</li>
     * <li>(several partitions) some partition has applied an event at or after {@code position}, so
     *     that event was published, and every other partition was consumed to its end ({@code caught_up})
     *     at an observation ({@code updated_at}) no older than the first of those rows' own
     *     {@code updated_at}: a "caught up" seen before the event was published does not count.</li>
     * </ul>
     * With one partition (the default) this is exact; with more it relies on the publisher sending
     * events in position order and on the heartbeat of idle partitions (every idle-event interval).
     */
    public boolean hasReached(String projector, long position) {
        if (position <= 0) {
            return true;
        }
        return reached(partitions(projector), position);
    }

    static boolean reached(List<PartitionState> partitions, long position) {
        if (partitions.isEmpty()) {
            return false;
        }
        if (partitions.stream().allMatch(p -> p.position() >= position)) {
            return true;
        }
        if (partitions.size() == 1) {
            return false;
        }
        OffsetDateTime published = partitions.stream().filter(p -> p.position() >= position)
                .map(PartitionState::updatedAt).min(OffsetDateTime::compareTo).orElse(null);
        if (published == null) {
            return false;
        }
        return partitions.stream().allMatch(p -> p.position() >= position
                || (p.caughtUp() && !p.updatedAt().isBefore(published)));
    }

    /** Whether every partition of {@code projector} was consumed to its end at its last poll. */
    public boolean isCaughtUp(String projector) {
        List<PartitionState> partitions = partitions(projector);
        return !partitions.isEmpty() && partitions.stream().allMatch(PartitionState::caughtUp);
    }

    /** Waits until {@link #hasReached} or the timeout; returns whether it was reached. */
    public boolean awaitReached(String projector, long position, Duration timeout) throws InterruptedException {
        return await(() -> hasReached(projector, position), timeout);
    }

    /** Waits until {@link #isCaughtUp} or the timeout; returns whether it was. */
    public boolean awaitCaughtUp(String projector, Duration timeout) throws InterruptedException {
        return await(() -> isCaughtUp(projector), timeout);
    }

    private static boolean await(java.util.function.BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sleep = 5;
        while (true) {
            try {
                if (condition.getAsBoolean()) {
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
