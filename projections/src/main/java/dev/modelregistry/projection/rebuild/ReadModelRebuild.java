package dev.modelregistry.projection.rebuild;

import dev.modelregistry.projection.core.IncomingEvent;
import dev.modelregistry.projection.core.Projector;
import dev.modelregistry.projection.core.ReadModelDatabase;
import dev.modelregistry.projection.postgres.PostgresProjector;
import dev.modelregistry.projection.search.SearchIndex;
import dev.modelregistry.projection.search.SearchProjector;
import dev.modelregistry.readmodel.ReadModelSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.Lifecycle;

/**
 * Rebuilds the read models from offset 0 of {@code registry.events} and switches over in one step, so
 * that no query ever sees a half-built read model:
 * <ol>
 * <li>drops and re-creates the schema {@value #REBUILD_SCHEMA} with the read-model migrations, and
 *     creates a new concrete Elasticsearch index (without the alias);</li>
 * <li>replays every partition from its beginning with a dedicated consumer through the same projector
 *     code, pointed at the new schema (jOOQ schema mapping) and the new index;</li>
 * <li>stops the live listener containers and replays the tail up to the end offsets;</li>
 * <li>moves the Elasticsearch alias to the new index (atomic), then swaps the schemas in one
 *     PostgreSQL transaction ({@code read_model -> read_model_retired}, {@value #REBUILD_SCHEMA} ->
 *     {@code read_model}, drop the retired one) and deletes the old index;</li>
 * <li>restarts the live containers, which seek to the offsets stored in the new schema.</li>
 * </ol>
 * The alias moves before the schema swap: in between, search is at least as fresh as the search
 * progress stored in PostgreSQL says, never behind it. A failure before the swap leaves the live read
 * models untouched and removes what the rebuild created. One rebuild at a time.
 */
public final class ReadModelRebuild {

    public static final String REBUILD_SCHEMA = "read_model_rebuild";
    public static final String RETIRED_SCHEMA = "read_model_retired";

    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuild.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final int ATTEMPTS = 8;

    /**
     * What a rebuild did.
     *
     * @param eventsReplayed records replayed (all partitions)
     * @param eventsPerSecond {@code eventsReplayed} over the whole duration
     * @param index the new concrete Elasticsearch index; null when search is disabled
     * @param endOffsets partition -> the end offset the rebuild replayed to
     */
    public record Summary(long eventsReplayed, Duration duration, double eventsPerSecond, String index,
                          Map<Integer, Long> endOffsets) {
    }

    public enum State { IDLE, RUNNING, SUCCEEDED, FAILED }

    /** A snapshot of the current (or last) rebuild. */
    public record Status(State state, String phase, long eventsReplayed, long eventsTotal, Instant startedAt,
                         Instant finishedAt, String error, Summary summary) {
    }

    /** Another rebuild is running. */
    public static final class RebuildInProgressException extends IllegalStateException {
        RebuildInProgressException() {
            super("a read-model rebuild is already running");
        }
    }

    private final DataSource dataSource;
    private final Supplier<Map<String, Object>> consumerProperties;
    private final String topic;
    private final List<? extends Lifecycle> liveContainers;
    private final SearchIndex searchIndex;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Status status = new Status(State.IDLE, "idle", 0, 0, null, null, null, null);

    /**
     * @param consumerProperties Kafka consumer settings (bootstrap servers, security); group and
     *        deserializers are set here
     * @param liveContainers the live projection listener containers, stopped for the switch-over
     * @param searchIndex the versions index, or null when the search projection is disabled
     */
    public ReadModelRebuild(DataSource dataSource, Supplier<Map<String, Object>> consumerProperties, String topic,
                            List<? extends Lifecycle> liveContainers, SearchIndex searchIndex) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.consumerProperties = Objects.requireNonNull(consumerProperties, "consumerProperties");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.liveContainers = List.copyOf(liveContainers);
        this.searchIndex = searchIndex;
    }

    public Status status() {
        return status;
    }

    public boolean isRunning() {
        return running.get();
    }

    /** Starts a rebuild on a new (virtual) thread; the future completes with its summary. */
    public CompletableFuture<Summary> start() {
        claim();
        CompletableFuture<Summary> future = new CompletableFuture<>();
        Thread.ofVirtual().name("read-model-rebuild").start(() -> {
            try {
                future.complete(runClaimed());
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    /** Rebuilds and switches over; returns when the new read models are live. */
    public Summary rebuild() {
        claim();
        return runClaimed();
    }

    private void claim() {
        if (!running.compareAndSet(false, true)) {
            throw new RebuildInProgressException();
        }
        status = new Status(State.RUNNING, "starting", 0, 0, Instant.now(), null, null, null);
    }

    private Summary runClaimed() {
        Instant started = status.startedAt();
        long t0 = System.nanoTime();
        ReadModelDatabase live = ReadModelDatabase.live(dataSource);
        ReadModelDatabase rebuild = ReadModelDatabase.schema(dataSource, REBUILD_SCHEMA);
        List<Lifecycle> stopped = new ArrayList<>();
        String newIndex = null;
        List<String> previousIndices = null;
        boolean swapped = false;
        long[] replayed = {0};
        try {
            phase("preparing schema " + REBUILD_SCHEMA, 0, 0);
            live.dsl().execute("drop schema if exists " + REBUILD_SCHEMA + " cascade");
            live.dsl().execute("drop schema if exists " + RETIRED_SCHEMA + " cascade");
            rebuild.migrate();
            List<String> deferredIndexes = dropSecondaryIndexes(live);
            setAutovacuum(live, false);
            PostgresProjector postgres = new PostgresProjector(rebuild);
            SearchProjector search = null;
            if (searchIndex != null) {
                newIndex = searchIndex.createIndex();
                search = SearchProjector.intoIndex(searchIndex, newIndex, rebuild);
                log.info("Rebuild: new Elasticsearch index {}", newIndex);
            }
            Map<Integer, Long> endOffsets = new LinkedHashMap<>();
            try (KafkaConsumer<String, byte[]> consumer = consumer()) {
                List<TopicPartition> partitions = partitions(consumer);
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                long total = total(beginning, end);
                log.info("Rebuild: replaying {} records of {} ({} partitions) into schema {}", total, topic,
                        partitions.size(), REBUILD_SCHEMA);
                phase("replaying", 0, total);
                replay(consumer, end, postgres, search, replayed, total, t0);

                phase("stopping live projectors", replayed[0], total);
                for (Lifecycle container : liveContainers) {
                    if (container.isRunning()) {
                        container.stop();
                        stopped.add(container);
                    }
                }
                end = consumer.endOffsets(partitions);
                total = replayed[0] + total(positions(consumer, partitions), end);
                phase("replaying the tail", replayed[0], total);
                replay(consumer, end, postgres, search, replayed, total, t0);
                for (TopicPartition partition : partitions) {
                    endOffsets.put(partition.partition(), end.get(partition));
                }
            }

            phase("creating " + deferredIndexes.size() + " secondary indexes", replayed[0], replayed[0]);
            createIndexes(live, deferredIndexes);
            setAutovacuum(live, true);

            phase("switching over", replayed[0], replayed[0]);
            if (searchIndex != null) {
                searchIndex.refresh(newIndex);
                previousIndices = searchIndex.moveAlias(newIndex);
                log.info("Rebuild: alias {} now points at {} (was {})", searchIndex.alias(), newIndex, previousIndices);
            }
            live.inTransaction(ctx -> {
                ctx.execute("set local lock_timeout = '30s'");
                ctx.execute("alter schema " + ReadModelSchema.LIVE + " rename to " + RETIRED_SCHEMA);
                ctx.execute("alter schema " + REBUILD_SCHEMA + " rename to " + ReadModelSchema.LIVE);
                ctx.execute("drop schema " + RETIRED_SCHEMA + " cascade");
                return null;
            });
            swapped = true;
            log.info("Rebuild: schema {} is now {}", REBUILD_SCHEMA, ReadModelSchema.LIVE);
            if (previousIndices != null) {
                for (String old : previousIndices) {
                    try {
                        searchIndex.deleteIndex(old);
                    } catch (RuntimeException e) {
                        log.warn("Rebuild: could not delete the old index {}: {}", old, e.getMessage());
                    }
                }
            }
            Duration duration = Duration.ofNanos(System.nanoTime() - t0);
            Summary summary = new Summary(replayed[0], duration, rate(replayed[0], duration), newIndex, endOffsets);
            log.info("Rebuild done: {} records in {} ms ({} events/s)", summary.eventsReplayed(), duration.toMillis(),
                    Math.round(summary.eventsPerSecond()));
            status = new Status(State.SUCCEEDED, "done", replayed[0], replayed[0], started, Instant.now(), null, summary);
            return summary;
        } catch (RuntimeException e) {
            log.error("Rebuild failed in phase '{}': {}", status.phase(), e.toString(), e);
            if (!swapped) {
                undo(live, newIndex, previousIndices);
            }
            status = new Status(State.FAILED, status.phase(), replayed[0], status.eventsTotal(), started,
                    Instant.now(), e.toString(), null);
            throw e;
        } finally {
            for (Lifecycle container : stopped) {
                try {
                    container.start();
                } catch (RuntimeException e) {
                    log.error("Rebuild: could not restart {}: {}", container, e.toString(), e);
                }
            }
            running.set(false);
        }
    }

    /**
     * Replays up to {@code end}. Each record is decoded once for both projectors; while they write a
     * batch (PostgreSQL and Elasticsearch in parallel), this thread fetches and decodes the next one.
     */
    private void replay(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end,
                        PostgresProjector postgres, SearchProjector search, long[] replayed, long total, long t0) {
        // where the time goes (which store to tune), in the progress lines
        LongAdder fetchBusy = new LongAdder();
        LongAdder postgresBusy = new LongAdder();
        LongAdder searchBusy = new LongAdder();
        long nextReport = System.nanoTime() + PROGRESS_EVERY.toNanos();
        List<IncomingEvent> batch = nextBatch(consumer, end);
        while (!batch.isEmpty()) {
            List<IncomingEvent> applying = batch;
            Future<Projector.BatchResult> rows = async("read-model-rebuild-postgres", postgresBusy,
                    () -> withRetries(() -> postgres.applyDecoded(applying)));
            Future<Projector.BatchResult> documents = search == null ? null : async("read-model-rebuild-search",
                    searchBusy, () -> withRetries(() -> search.applyDecoded(applying)));
            List<IncomingEvent> following;
            long fetchStarted = System.nanoTime();
            try {
                following = nextBatch(consumer, end);
            } finally {
                fetchBusy.add(System.nanoTime() - fetchStarted);
                join(rows);
                if (documents != null) {
                    join(documents);
                }
            }
            replayed[0] += applying.size();
            status = new Status(State.RUNNING, status.phase(), replayed[0], total, status.startedAt(), null, null, null);
            if (System.nanoTime() >= nextReport) {
                Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
                log.info("Rebuild: {} of {} records replayed ({} events/s; busy so far: fetch and decode {} ms, "
                                + "PostgreSQL {} ms, Elasticsearch {} ms)", replayed[0], total,
                        Math.round(rate(replayed[0], elapsed)), fetchBusy.sum() / 1_000_000,
                        postgresBusy.sum() / 1_000_000, searchBusy.sum() / 1_000_000);
                nextReport = System.nanoTime() + PROGRESS_EVERY.toNanos();
            }
            batch = following;
        }
    }

    /** The next polled records, decoded; empty once every partition reached {@code end}. */
    private static List<IncomingEvent> nextBatch(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        while (!atEnd(consumer, end)) {
            ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofMillis(500));
            if (!polled.isEmpty()) {
                List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(polled.count());
                polled.forEach(records::add);
                return IncomingEvent.decodeAll(records);
            }
        }
        return List.of();
    }

    private static <T> Future<T> async(String name, LongAdder busy, Supplier<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            try {
                return work.get();
            } finally {
                busy.add(System.nanoTime() - started);
            }
        }, task -> Thread.ofVirtual().name(name).start(task));
    }

    /**
     * Drops the non-unique indexes of the new schema and returns their definitions. Loading a table and
     * then building each index once (sorted) costs a fraction of maintaining it row by row; the
     * projectors' own reads use only primary keys and unique indexes, which stay.
     */
    private static List<String> dropSecondaryIndexes(ReadModelDatabase live) {
        List<String> definitions = new ArrayList<>();
        live.inTransaction(ctx -> {
            for (var index : ctx.resultQuery("""
                    select i.indexname, i.indexdef from pg_indexes i
                    join pg_namespace n on n.nspname = i.schemaname
                    join pg_class c on c.relname = i.indexname and c.relnamespace = n.oid
                    join pg_index x on x.indexrelid = c.oid
                    where i.schemaname = {0} and not x.indisunique and not x.indisprimary
                    order by i.indexname""", REBUILD_SCHEMA).fetch()) {
                definitions.add(index.get(1, String.class));
                ctx.execute("drop index " + REBUILD_SCHEMA + "." + index.get(0, String.class));
            }
            return null;
        });
        log.info("Rebuild: {} secondary indexes deferred to the end of the replay", definitions.size());
        return definitions;
    }

    /** The tables of the new schema, schema-qualified. */
    private static List<String> rebuildTables(ReadModelDatabase live) {
        return live.dsl().fetchValues("select quote_ident(schemaname) || '.' || quote_ident(tablename) from pg_tables "
                + "where schemaname = {0} order by tablename", REBUILD_SCHEMA).stream().map(String::valueOf).toList();
    }

    /**
     * Autovacuum off for the new schema's tables while they are loaded: vacuuming tables that only grow,
     * mid-load, takes CPU from the replay; the rebuild analyzes them itself before the swap.
     */
    private static void setAutovacuum(ReadModelDatabase live, boolean enabled) {
        for (String table : rebuildTables(live)) {
            live.dsl().execute("alter table " + table
                    + (enabled ? " reset (autovacuum_enabled)" : " set (autovacuum_enabled = false)"));
        }
    }

    /** Re-creates the deferred indexes (their definitions name the rebuild schema) and analyzes the schema. */
    private static void createIndexes(ReadModelDatabase live, List<String> definitions) {
        long started = System.nanoTime();
        live.inTransaction(ctx -> {
            ctx.execute("set local maintenance_work_mem = '256MB'");
            for (String definition : definitions) {
                ctx.execute(definition);
            }
            return null;
        });
        // fresh tables have no statistics yet; the first queries after the swap should not plan blind
        for (String table : rebuildTables(live)) {
            live.dsl().execute("analyze " + table);
        }
        log.info("Rebuild: {} secondary indexes created and statistics gathered in {} ms", definitions.size(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /** A few attempts with back-off (a database or Elasticsearch hiccup), then the rebuild fails. */
    private static Projector.BatchResult withRetries(Supplier<Projector.BatchResult> work) {
        long backOff = 250;
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                log.warn("Rebuild: attempt {} failed ({}); retrying in {} ms", attempt, e.getMessage(), backOff);
                try {
                    Thread.sleep(backOff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backOff = Math.min(10_000, backOff * 2);
            }
        }
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("rebuild interrupted", e);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void undo(ReadModelDatabase live, String newIndex, List<String> previousIndices) {
        try {
            if (previousIndices != null && !previousIndices.isEmpty()) {
                searchIndex.moveAlias(previousIndices.getFirst());
            }
            if (newIndex != null) {
                searchIndex.deleteIndex(newIndex);
            }
        } catch (RuntimeException e) {
            log.warn("Rebuild: could not remove the new index {}: {}", newIndex, e.getMessage());
        }
        try {
            live.dsl().execute("drop schema if exists " + REBUILD_SCHEMA + " cascade");
        } catch (RuntimeException e) {
            log.warn("Rebuild: could not drop schema {}: {}", REBUILD_SCHEMA, e.getMessage());
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> properties = new HashMap<>(consumerProperties.get());
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "registry-read-model-rebuild");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        // the default 1 MiB per partition would cap a poll at ~100 metric batches of 10 KiB each
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        properties.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 32 * 1024 * 1024);
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist: nothing to rebuild from "
                    + "(the live read models are left as they are)");
        }
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition()))
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
    }

    private static Map<TopicPartition, Long> positions(KafkaConsumer<String, byte[]> consumer,
                                                       List<TopicPartition> partitions) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition partition : partitions) {
            positions.put(partition, consumer.position(partition));
        }
        return positions;
    }

    private static boolean atEnd(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static long total(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        long total = 0;
        for (Map.Entry<TopicPartition, Long> partition : to.entrySet()) {
            total += Math.max(0, partition.getValue() - from.getOrDefault(partition.getKey(), 0L));
        }
        return total;
    }

    private static double rate(long events, Duration duration) {
        double seconds = duration.toNanos() / 1e9;
        return seconds <= 0 ? 0 : events / seconds;
    }

    private void phase(String phase, long replayed, long total) {
        log.info("Rebuild: {}", phase);
        Status current = status;
        status = new Status(State.RUNNING, phase, replayed, total, current.startedAt(), null, null, null);
    }
}
