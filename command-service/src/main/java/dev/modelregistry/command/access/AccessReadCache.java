package dev.modelregistry.command.access;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Keeps the two reads every authenticated request makes (an API token with its owner's state, a
 * principal's roles) for at most {@code registry.auth.state-cache-ttl}, so that a burst of requests with
 * one token costs one lookup instead of two statements each.
 *
 * <p>Any write to the access state through this JVM ({@link #changed}) invalidates every entry at once,
 * and again when the writing transaction ends, committed or rolled back: a revoked token, a disabled
 * user or a revoked role counts from the next request on, exactly as without the cache. Reads inside a
 * transaction go to the database and are not kept (they may see that transaction's own uncommitted
 * writes). Writes made by another command-service instance are seen within the ttl; a ttl of zero
 * turns the cache off. At most {@value #MAX_ENTRIES} entries per kind; beyond that the kind is
 * emptied (tokens and principals in use are few; this only bounds memory against a flood of
 * distinct ones).
 */
final class AccessReadCache<K, V> {

    static final int MAX_ENTRIES = 10_000;

    private record Entry<V>(V value, long generation, long readAt) {
    }

    private final AtomicLong generation;
    private final long ttlNanos;
    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();

    private AccessReadCache(AtomicLong generation, Duration ttl) {
        this.generation = generation;
        this.ttlNanos = ttl.toNanos();
    }

    /** Caches over one shared generation: a change invalidates all of them. */
    static final class Generation {
        private final AtomicLong value = new AtomicLong();
        private final Duration ttl;

        Generation(Duration ttl) {
            this.ttl = ttl;
        }

        <K, V> AccessReadCache<K, V> cache() {
            return new AccessReadCache<>(value, ttl);
        }

        /** The access state changes now: forget everything now and when the current transaction ends. */
        void changed() {
            value.incrementAndGet();
            if (TransactionSynchronizationManager.isSynchronizationActive()) {
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        value.incrementAndGet();
                    }
                });
            }
        }
    }

    V get(K key, Supplier<V> load) {
        if (ttlNanos == 0 || TransactionSynchronizationManager.isActualTransactionActive()) {
            return load.get();
        }
        // the generation is read before loading: a change during the load makes the entry stale at once
        long current = generation.get();
        long now = System.nanoTime();
        Entry<V> entry = entries.get(key);
        if (entry != null && entry.generation() == current && now - entry.readAt() < ttlNanos) {
            return entry.value();
        }
        V value = load.get();
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry<>(value, current, now));
        return value;
    }
}
