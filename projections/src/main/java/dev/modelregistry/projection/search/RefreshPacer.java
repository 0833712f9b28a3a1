package dev.modelregistry.projection.search;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Paces the live search projector's explicit refreshes so that refreshing takes at most a fixed share
 * of its time ({@code registry.projections.search.refresh-budget}; the default, 1, never waits): after a refresh that
 * took {@code d}, the next one starts no sooner than {@code d * (1 / budget - 1)} later, and never more
 * than {@code registry.projections.search.max-refresh-delay} (default 250 ms) later. A refresh that is
 * due runs at once.
 *
 * <p>Why: each refresh writes a Lucene segment and opens a new searcher, whatever it carries: measured
 * here, ~35 ms of Elasticsearch CPU on an empty index and ~50-60 ms on the benchmark's 900,000-document
 * versions index, against ~12 ms for indexing one document (docs/benchmarks.md). Below saturation,
 * where a batch holds a few events, refreshes were most of Elasticsearch's work. An idle registry's
 * next write is refreshed at once.
 *
 * <p>Off by default because of what it costs in search lag: measured with a budget of 0.2 and 250 ms
 * (docs/benchmarks.md), Elasticsearch's CPU per command fell by half at 150 and 250 registrations/s,
 * but the batches that wait for a refresh delay the records behind them, and search lag p99 at
 * 250/s rose from 0.75 s to 1.59 s, over the 1.5 s target. A deployment with a large index and a
 * looser need for search freshness can turn it on.
 * The wait happens before the batch's progress is recorded, so "reached" still means "searchable".
 */
final class RefreshPacer {

    /** A pacer that never waits. */
    static final RefreshPacer NONE = new RefreshPacer(1.0, Duration.ZERO, System::nanoTime, nanos -> { });

    /** Sleeps for a number of nanoseconds. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final double budget;
    private final long maxDelayNanos;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private long lastEnd;
    private long lastDuration;
    private boolean refreshed;

    RefreshPacer(double budget, Duration maxDelay, LongSupplier clock, Sleeper sleeper) {
        if (!(budget > 0 && budget <= 1)) {
            throw new IllegalArgumentException("registry.projections.search.refresh-budget must be in (0, 1], was " + budget);
        }
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("registry.projections.search.max-refresh-delay must not be negative");
        }
        this.budget = budget;
        this.maxDelayNanos = maxDelay.toNanos();
        this.clock = clock;
        this.sleeper = sleeper;
    }

    static RefreshPacer of(double budget, Duration maxDelay) {
        return new RefreshPacer(budget, maxDelay, System::nanoTime, nanos -> Thread.sleep(Duration.ofNanos(nanos)));
    }

    /** Waits until a refresh is due, then runs {@code refresh} and remembers how long it took. */
    void refresh(Runnable refresh) {
        long start = clock.getAsLong();
        if (refreshed) {
            long gap = Math.min(maxDelayNanos, (long) (lastDuration * (1 / budget - 1)));
            long wait = lastEnd + gap - start;
            if (wait > 0) {
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                start = clock.getAsLong();
            }
        }
        refresh.run();
        lastEnd = clock.getAsLong();
        lastDuration = lastEnd - start;
        refreshed = true;
    }
}
