package dev.modelregistry.projection.rebuild;

import static dev.modelregistry.readmodel.jooq.Tables.EXPERIMENT;
import static dev.modelregistry.readmodel.jooq.Tables.RUN;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_ARTIFACT;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_INPUT;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_LATEST_METRIC;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_METRIC_BATCH;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_PARAM;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_TAG;

import dev.modelregistry.events.EventTypes;
import dev.modelregistry.events.tracking.TrackingEvent;
import dev.modelregistry.projection.core.IncomingEvent;
import dev.modelregistry.projection.core.ProjectionStore;
import dev.modelregistry.projection.core.Projector;
import dev.modelregistry.projection.core.ReadModelDatabase;
import dev.modelregistry.projection.core.RunDataDecoder;
import dev.modelregistry.projection.postgres.PostgresProjector;
import dev.modelregistry.projection.postgres.TrackingReplay;
import dev.modelregistry.projection.search.RunDocumentReplay;
import dev.modelregistry.projection.search.SearchIndex;
import dev.modelregistry.projection.search.SearchProjector;
import dev.modelregistry.readmodel.ReadModelSchema;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.jooq.DSLContext;
import org.jooq.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.Lifecycle;

/**
 * Rebuilds read models from offset 0 of {@code registry.events} and switches over in one step, so
 * that no query ever sees a half-built read model. Two scopes:
 *
 * <p>{@link Scope#ALL} rebuilds every read model:
 * <ol>
 * <li>drops and re-creates the schema {@value #REBUILD_SCHEMA} with the read-model migrations, and
 *     creates a new concrete Elasticsearch index pair (versions and runs, without the aliases);</li>
 * <li>replays every partition from its beginning with a dedicated consumer through the same projector
 *     code, pointed at the new schema (jOOQ schema mapping) and the new indices;</li>
 * <li>stops the live listener containers and replays the tail up to the end offsets;</li>
 * <li>moves both Elasticsearch aliases to the new indices (atomic), then swaps the schemas in one
 *     PostgreSQL transaction ({@code read_model -> read_model_retired}, {@value #REBUILD_SCHEMA} ->
 *     {@code read_model}, drop the retired one) and deletes the old indices;</li>
 * <li>restarts the live containers, which seek to the offsets stored in the new schema.</li>
 * </ol>
 * The alias moves before the schema swap: in between, search is at least as fresh as the search
 * progress stored in PostgreSQL says, never behind it.
 *
 * <p>{@link Scope#TRACKING} rebuilds only the experiment-tracking read models ({@link #TRACKING_TABLES}
 * and the runs index) while the live projectors keep running:
 * <ol>
 * <li>creates only the tracking tables in {@value #REBUILD_SCHEMA}, like the live ones (secondary
 *     indexes and the keys of the tables written from memory deferred, autovacuum off), and a new runs
 *     index of its own;</li>
 * <li>reads the topic from offset 0, skips every record whose {@code ce_type} header is no tracking
 *     event before decoding it, and applies the tracking events with the PostgreSQL projector's
 *     tracking replay ({@link TrackingReplay}: params, tags, latest metrics and inputs reduced in
 *     memory, written once) and the run documents held in memory ({@link RunDocumentReplay}: the runs
 *     projector's document rules, each document written once; no audit, no progress, no versions);</li>
 * <li>replays, per partition, up to the lower of the two live projectors' stored offsets; then stops the
 *     live containers (meanwhile writing the reduced rows and the run documents and building the deferred
 *     keys and indexes), reads their stored offsets again and replays the tail (its run documents through
 *     the runs-only search projector, read and written back per batch): the tables up to the live PostgreSQL
 *     projector's offsets, the runs index up to the live search projector's. The new read models then
 *     hold exactly what the live ones hold, so when the live containers resume at their stored offsets
 *     nothing is applied twice and nothing is missed;</li>
 * <li>moves the runs alias to the new index (atomic), then in one PostgreSQL transaction moves each
 *     live tracking table to {@value #RETIRED_SCHEMA}, each rebuilt one into {@code read_model},
 *     re-creates the views on them from their live definitions and drops the retired ones; deletes the
 *     old runs index;</li>
 * <li>restarts the live containers.</li>
 * </ol>
 * The audit log, lineage edges (including the dataset -> run edges of RunDataLogged) and every other
 * read model stay as they are: they are the full rebuild's.
 *
 * <p>A failure before the swap leaves the live read models untouched and removes what the rebuild
 * created. One rebuild (of any scope) at a time.
 */
public final class ReadModelRebuild {

    public static final String REBUILD_SCHEMA = "read_model_rebuild";
    public static final String RETIRED_SCHEMA = "read_model_retired";

    /**
     * The tracking read models in PostgreSQL: the tables {@code postgres/TrackingRows} writes, the one
     * list a tracking rebuild replaces (views on them move with them). A new tracking table is one more
     * entry here.
     */
    public static final List<String> TRACKING_TABLES = Stream.of(EXPERIMENT, RUN, RUN_PARAM, RUN_TAG,
            RUN_LATEST_METRIC, RUN_METRIC_BATCH, RUN_INPUT, RUN_ARTIFACT).map(Table::getName).toList();

    /** The {@code ce_type} names of the tracking events (the sealed {@link TrackingEvent} family). */
    private static final Set<String> TRACKING_TYPES = EventTypes.all().stream()
            .filter(type -> TrackingEvent.class.isAssignableFrom(type.recordClass()))
            .map(EventTypes.Registration::name)
            .collect(Collectors.toUnmodifiableSet());

    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuild.class);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final int ATTEMPTS = 8;
    /** Tracking tables finished at once at the end of a tracking replay, each on its own connection. */
    private static final int TABLES_AT_ONCE = 4;

    /** What a rebuild replaces. */
    public enum Scope {
        /** every read model in PostgreSQL and both Elasticsearch indices */
        ALL,
        /** the experiment-tracking tables and the runs index only */
        TRACKING;

        /** The name in the API ({@code ?scope=}). */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The scope named {@code label} (as in the API), if any. */
        public static Optional<Scope> of(String label) {
            for (Scope scope : values()) {
                if (scope.label().equals(label)) {
                    return Optional.of(scope);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * What a rebuild did.
     *
     * @param recordsScanned records read from the topic (all partitions)
     * @param eventsReplayed records handed to the projectors: all of them for {@link Scope#ALL}, the
     *        tracking events for {@link Scope#TRACKING}
     * @param eventsRefused of those, the ones a projector could not apply (undecodable, or refused by
     *        the database or Elasticsearch: logged; the live projectors parked them when they met them;
     *        for {@link Scope#TRACKING} a run document refused when written counts as one)
     * @param eventsPerSecond {@code eventsReplayed} over the whole duration
     * @param index the new concrete Elasticsearch index (the versions index of the pair for
     *        {@link Scope#ALL}, the runs index for {@link Scope#TRACKING}); null when search is disabled
     * @param endOffsets partition -> the offset the rebuild replayed to (exclusive; for
     *        {@link Scope#TRACKING} the higher of the PostgreSQL and search projectors' ends)
     */
    public record Summary(Scope scope, long recordsScanned, long eventsReplayed, long eventsRefused, Duration duration,
                          double eventsPerSecond, String index, Map<Integer, Long> endOffsets) {
    }

    public enum State { IDLE, RUNNING, SUCCEEDED, FAILED }

    /**
     * A snapshot of the current (or last) rebuild.
     *
     * @param recordsTotal records to read so far known (grows when the tail is known)
     * @param error what failed, in words (details are in the log); null unless {@link State#FAILED}
     */
    public record Status(State state, Scope scope, String phase, long recordsScanned, long recordsTotal,
                         long eventsReplayed, Instant startedAt, Instant finishedAt, String error, Summary summary) {
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
    private final long maxReducedRows;
    private final long maxRunDocuments;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Status status = new Status(State.IDLE, null, "idle", 0, 0, 0, null, null, null, null);
    private volatile long phaseStarted;

    /**
     * @param consumerProperties Kafka consumer settings (bootstrap servers, security); group and
     *        deserializers are set here
     * @param liveContainers the live projection listener containers, stopped for the switch-over
     * @param searchIndex the search indices, or null when the search projection is disabled
     * @param maxReducedRows a tracking rebuild's params, tags, latest metrics and inputs held in memory
     *        before they are written ({@link PostgresProjector#trackingReplay})
     * @param maxRunDocuments a tracking rebuild's run documents held in memory before they are written
     *        ({@link RunDocumentReplay})
     */
    public ReadModelRebuild(DataSource dataSource, Supplier<Map<String, Object>> consumerProperties, String topic,
                            List<? extends Lifecycle> liveContainers, SearchIndex searchIndex, long maxReducedRows,
                            long maxRunDocuments) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.consumerProperties = Objects.requireNonNull(consumerProperties, "consumerProperties");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.liveContainers = List.copyOf(liveContainers);
        this.searchIndex = searchIndex;
        if (maxReducedRows < 0) {
            throw new IllegalArgumentException("maxReducedRows must not be negative: " + maxReducedRows);
        }
        this.maxReducedRows = maxReducedRows;
        if (maxRunDocuments < 0) {
            throw new IllegalArgumentException("maxRunDocuments must not be negative: " + maxRunDocuments);
        }
        this.maxRunDocuments = maxRunDocuments;
    }

    public Status status() {
        return status;
    }

    public boolean isRunning() {
        return running.get();
    }

    /** Starts a rebuild of every read model; see {@link #start(Scope)}. */
    public CompletableFuture<Summary> start() {
        return start(Scope.ALL);
    }

    /** Starts a rebuild on a new (virtual) thread; the future completes with its summary. */
    public CompletableFuture<Summary> start(Scope scope) {
        claim(scope);
        CompletableFuture<Summary> future = new CompletableFuture<>();
        Thread.ofVirtual().name("read-model-rebuild").start(() -> {
            try {
                future.complete(runClaimed(scope));
            } catch (Throwable e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    /** Rebuilds every read model; see {@link #rebuild(Scope)}. */
    public Summary rebuild() {
        return rebuild(Scope.ALL);
    }

    /** Rebuilds and switches over; returns when the new read models are live. */
    public Summary rebuild(Scope scope) {
        claim(scope);
        return runClaimed(scope);
    }

    private void claim(Scope scope) {
        Objects.requireNonNull(scope, "scope");
        if (!running.compareAndSet(false, true)) {
            throw new RebuildInProgressException();
        }
        phaseStarted = System.nanoTime();
        status = new Status(State.RUNNING, scope, "starting", 0, 0, 0, Instant.now(), null, null, null);
    }

    /** Counts of one rebuild, updated by the replay thread only. */
    private static final class Counts {
        long scanned;
        long total;
        long replayed;
        long refused;
    }

    private Summary runClaimed(Scope scope) {
        Instant started = status.startedAt();
        long t0 = System.nanoTime();
        ReadModelDatabase live = ReadModelDatabase.live(dataSource);
        List<Lifecycle> stopped = new ArrayList<>();
        Counts counts = new Counts();
        Switch swap = new Switch();
        try {
            Summary summary = scope == Scope.ALL
                    ? rebuildAll(live, stopped, counts, swap, t0)
                    : rebuildTracking(live, stopped, counts, swap, t0);
            log.info("Rebuild ({}) done: {} records scanned, {} events replayed ({} refused) in {} ms ({} events/s)",
                    scope.label(), summary.recordsScanned(), summary.eventsReplayed(), summary.eventsRefused(),
                    summary.duration().toMillis(), Math.round(summary.eventsPerSecond()));
            status = new Status(State.SUCCEEDED, scope, "done", counts.scanned, counts.scanned, counts.replayed,
                    started, Instant.now(), null, summary);
            return summary;
        } catch (RuntimeException e) {
            String phase = status.phase();
            log.error("Rebuild ({}) failed in phase '{}': {}", scope.label(), phase, e.toString(), e);
            if (!swap.swapped) {
                undo(live, swap);
            }
            // words only: the exception's text and class stay in the log
            String error = "the " + scope.label() + " rebuild failed in phase '" + phase + "'; "
                    + (swap.swapped ? "the new read models are live" : "the live read models are unchanged")
                    + "; the registry's log has the details";
            status = new Status(State.FAILED, scope, phase, counts.scanned, counts.total, counts.replayed, started,
                    Instant.now(), error, null);
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

    /** What a rebuild created and moved so far, for {@link #undo}. */
    private static final class Switch {
        String newIndex;
        SearchIndex.AliasTargets previousAliases;
        SearchIndex.AliasTargets newAliases;
        boolean aliasesMoved;
        boolean swapped;
    }

    // ------------------------------------------------------------------------------------- scope all

    private Summary rebuildAll(ReadModelDatabase live, List<Lifecycle> stopped, Counts counts, Switch swap, long t0) {
        ReadModelDatabase rebuild = ReadModelDatabase.schema(dataSource, REBUILD_SCHEMA);
        phase("preparing schema " + REBUILD_SCHEMA, counts);
        live.dsl().execute("drop schema if exists " + REBUILD_SCHEMA + " cascade");
        live.dsl().execute("drop schema if exists " + RETIRED_SCHEMA + " cascade");
        rebuild.migrate();
        List<String> tables = rebuildTables(live);
        List<String> deferredIndexes = dropSecondaryIndexes(live, tables);
        setAutovacuum(live, tables, false);
        PostgresProjector postgres = new PostgresProjector(rebuild);
        SearchProjector search = null;
        if (searchIndex != null) {
            swap.newIndex = searchIndex.createIndex();
            searchIndex.setLoading(swap.newIndex, true);
            searchIndex.setLoading(searchIndex.runsIndexOf(swap.newIndex), true);
            search = SearchProjector.intoIndex(searchIndex, swap.newIndex, rebuild);
            log.info("Rebuild: new Elasticsearch index {}", swap.newIndex);
        }
        Function<List<IncomingEvent>, Projector.BatchResult> searchApply = search == null ? null : search::applyDecoded;
        Map<Integer, Long> endOffsets = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            counts.total = total(consumer.beginningOffsets(partitions), end);
            log.info("Rebuild: replaying {} records of {} ({} partitions) into schema {}", counts.total, topic,
                    partitions.size(), REBUILD_SCHEMA);
            phase("replaying", counts);
            replay(consumer, new Feed(null, end, postgres::applyDecoded, end, searchApply), counts, t0);

            phase("stopping live projectors", counts);
            stopLive(stopped);
            end = consumer.endOffsets(partitions);
            counts.total = counts.scanned + total(positions(consumer, partitions), end);
            phase("replaying the tail", counts);
            replay(consumer, new Feed(null, end, postgres::applyDecoded, end, searchApply), counts, t0);
            end.forEach((partition, offset) -> endOffsets.put(partition.partition(), offset));
        }

        phase("creating " + deferredIndexes.size() + " secondary indexes", counts);
        createIndexes(live, deferredIndexes, tables);
        setAutovacuum(live, tables, true);

        phase("switching over", counts);
        if (searchIndex != null) {
            searchIndex.setLoading(swap.newIndex, false);
            searchIndex.setLoading(searchIndex.runsIndexOf(swap.newIndex), false);
            searchIndex.refresh(swap.newIndex);
            swap.previousAliases = searchIndex.aliasTargets();
            swap.newAliases = new SearchIndex.AliasTargets(List.of(swap.newIndex),
                    List.of(searchIndex.runsIndexOf(swap.newIndex)));
            searchIndex.moveAliases(swap.previousAliases, swap.newAliases);
            swap.aliasesMoved = true;
            log.info("Rebuild: aliases {} and {} now point at {} (were {})", searchIndex.alias(),
                    searchIndex.runsAlias(), swap.newAliases, swap.previousAliases);
        }
        live.inTransaction(ctx -> {
            ctx.execute("set local lock_timeout = '30s'");
            ctx.execute("alter schema " + ReadModelSchema.LIVE + " rename to " + RETIRED_SCHEMA);
            ctx.execute("alter schema " + REBUILD_SCHEMA + " rename to " + ReadModelSchema.LIVE);
            ctx.execute("drop schema " + RETIRED_SCHEMA + " cascade");
            return null;
        });
        swap.swapped = true;
        log.info("Rebuild: schema {} is now {}", REBUILD_SCHEMA, ReadModelSchema.LIVE);
        deleteOldIndices(swap);
        Duration duration = Duration.ofNanos(System.nanoTime() - t0);
        return new Summary(Scope.ALL, counts.scanned, counts.replayed, counts.refused, duration,
                rate(counts.replayed, duration), swap.newIndex, endOffsets);
    }

    // -------------------------------------------------------------------------------- scope tracking

    private Summary rebuildTracking(ReadModelDatabase live, List<Lifecycle> stopped, Counts counts, Switch swap,
                                    long t0) {
        ReadModelDatabase rebuild = ReadModelDatabase.schema(dataSource, REBUILD_SCHEMA);
        phase("preparing schema " + REBUILD_SCHEMA + " (tracking tables)", counts);
        live.dsl().execute("drop schema if exists " + REBUILD_SCHEMA + " cascade");
        live.dsl().execute("drop schema if exists " + RETIRED_SCHEMA + " cascade");
        // the runs index is created while PostgreSQL creates the tables
        Future<String> runsIndex = searchIndex == null ? null : CompletableFuture.supplyAsync(() -> {
            searchIndex.ensureAlias(); // the runs alias must exist before it can move
            return searchIndex.createRunsIndex();
        }, task -> Thread.ofVirtual().name("read-model-rebuild-index").start(task));
        TrackingSchema created;
        try {
            created = createTrackingTables(live);
        } finally {
            if (runsIndex != null) {
                swap.newIndex = join(runsIndex); // known to undo, whatever else failed
            }
        }
        List<String> tables = TRACKING_TABLES.stream().map(t -> REBUILD_SCHEMA + "." + t).toList();
        setAutovacuum(live, tables, false);
        TrackingReplay postgres = new PostgresProjector(rebuild).trackingReplay(maxReducedRows, created.keys());
        // the run documents held in memory over the replay and written once; the tail's by the runs-only projector
        RunDocumentReplay documents = null;
        Function<List<IncomingEvent>, Projector.BatchResult> searchApply = null;
        if (searchIndex != null) {
            searchIndex.setLoading(swap.newIndex, true);
            documents = RunDocumentReplay.into(searchIndex, swap.newIndex, maxRunDocuments);
            searchApply = documents::apply;
            log.info("Rebuild: new runs index {}", swap.newIndex);
        }
        Predicate<Headers> tracking = IncomingEvent.typeIn(TRACKING_TYPES);
        Map<TopicPartition, Long> postgresEnd;
        Map<TopicPartition, Long> searchEnd;
        Feed tail;
        try (KafkaConsumer<String, byte[]> consumer = consumer(new WantedValues(tracking))) {
            List<TopicPartition> partitions = partitions(consumer);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // phase 1, live projectors running: up to what BOTH have applied, so both new models share it
            postgresEnd = storedEnds(live.dsl(), PostgresProjector.NAME, partitions);
            searchEnd = searchApply == null ? null : storedEnds(live.dsl(), SearchProjector.NAME, partitions);
            Map<TopicPartition, Long> common = searchEnd == null ? postgresEnd : lower(postgresEnd, searchEnd);
            counts.total = total(consumer.beginningOffsets(partitions), common);
            log.info("Rebuild: scanning {} records of {} ({} partitions) for tracking events, into schema {}",
                    counts.total, topic, partitions.size(), REBUILD_SCHEMA);
            phase("replaying tracking events", counts);
            replay(consumer, new Feed(tracking, common, postgres::apply,
                    searchEnd == null ? null : common, searchApply), counts, t0);

            // phase 2, live projectors stopped: each new model up to its live projector's final offsets.
            // Stopping them is mostly waiting for their polls to end: meanwhile the reduced rows are written
            // and the tables indexed and analyzed; the short tail then goes into indexed tables.
            phase("stopping live projectors; meanwhile writing the reduced rows and run documents and creating "
                    + created.indexes().size() + " secondary indexes", counts);
            Future<Void> tablesFinished = finishTables(live, postgres, created.indexes());
            RunDocumentReplay held = documents;
            Future<Integer> documentsWritten = held == null ? CompletableFuture.completedFuture(0)
                    : CompletableFuture.supplyAsync(() -> {
                        int refused = withRetries(held::flush);
                        searchIndex.setLoading(swap.newIndex, false); // the tail and the switch-over as live
                        return refused;
                    }, task -> Thread.ofVirtual().name("read-model-rebuild-documents").start(task));
            try {
                stopLive(stopped);
            } finally {
                try {
                    join(tablesFinished); // all done before anything else (or the undo) touches the tables
                } finally {
                    counts.refused += join(documentsWritten);
                }
            }
            if (searchApply != null) {
                searchApply = SearchProjector.runsOnly(searchIndex, swap.newIndex)::applyDecoded;
            }
            postgresEnd = storedEnds(live.dsl(), PostgresProjector.NAME, partitions);
            searchEnd = searchApply == null ? null : storedEnds(live.dsl(), SearchProjector.NAME, partitions);
            tail = new Feed(tracking, postgresEnd, postgres::apply, searchEnd, searchApply);
            counts.total = counts.scanned + total(positions(consumer, partitions), tail.end());
            phase("replaying the tail", counts);
            replay(consumer, tail, counts, t0);
        }

        phase("writing the tail's reduced rows", counts);
        postgres.flush();
        setAutovacuum(live, tables, true);

        phase("switching over", counts);
        Map<TopicPartition, Long> finalPostgresEnd = postgresEnd;
        if (searchIndex != null) {
            searchIndex.refresh(swap.newIndex);
            requireUnchanged(live.dsl(), SearchProjector.NAME, searchEnd);
            swap.previousAliases = searchIndex.aliasTargets();
            swap.newAliases = new SearchIndex.AliasTargets(swap.previousAliases.versions(), List.of(swap.newIndex));
            searchIndex.moveAliases(swap.previousAliases, swap.newAliases);
            swap.aliasesMoved = true;
            log.info("Rebuild: alias {} now points at {} (was {})", searchIndex.runsAlias(), swap.newIndex,
                    swap.previousAliases.runs());
        }
        live.inTransaction(ctx -> {
            ctx.execute("set local lock_timeout = '30s'");
            requireUnchanged(ctx, PostgresProjector.NAME, finalPostgresEnd);
            List<View> liveViews = viewsOn(ctx, ReadModelSchema.LIVE);
            ctx.execute("create schema " + RETIRED_SCHEMA);
            for (View view : liveViews) {
                ctx.execute("alter " + view.kind() + " " + ReadModelSchema.LIVE + "." + view.name() + " set schema "
                        + RETIRED_SCHEMA);
            }
            for (String table : TRACKING_TABLES) {
                ctx.execute("alter table " + ReadModelSchema.LIVE + "." + table + " set schema " + RETIRED_SCHEMA);
                ctx.execute("alter table " + REBUILD_SCHEMA + "." + table + " set schema " + ReadModelSchema.LIVE);
            }
            // their definitions name the tables by schema and name: now the rebuilt ones
            for (View view : liveViews) {
                ctx.execute("create " + view.kind() + " " + ReadModelSchema.LIVE + "." + view.name() + " as "
                        + view.definition());
            }
            ctx.execute("drop schema " + RETIRED_SCHEMA + " cascade");
            return null;
        });
        swap.swapped = true;
        log.info("Rebuild: tracking tables of {} are now in {}", REBUILD_SCHEMA, ReadModelSchema.LIVE);
        deleteOldIndices(swap);
        try {
            // what is left there is the untouched rest of the migrated schema
            live.dsl().execute("drop schema if exists " + REBUILD_SCHEMA + " cascade");
        } catch (RuntimeException e) {
            log.warn("Rebuild: could not drop schema {}: {}", REBUILD_SCHEMA, e.getMessage());
        }
        Map<Integer, Long> endOffsets = new LinkedHashMap<>();
        tail.end().forEach((partition, offset) -> endOffsets.put(partition.partition(), offset));
        Duration duration = Duration.ofNanos(System.nanoTime() - t0);
        return new Summary(Scope.TRACKING, counts.scanned, counts.replayed, counts.refused, duration,
                rate(counts.replayed, duration), swap.newIndex, endOffsets);
    }

    /**
     * Partition -> the offset after the last one {@code projector} stored in the live schema (0 when it
     * stored none): where a replay must stop to hold what the live read model holds.
     */
    private static Map<TopicPartition, Long> storedEnds(DSLContext ctx, String projector,
                                                        List<TopicPartition> partitions) {
        Map<Integer, Long> stored = ProjectionStore.offsets(ctx, projector);
        Map<TopicPartition, Long> ends = new LinkedHashMap<>();
        for (TopicPartition partition : partitions) {
            Long offset = stored.get(partition.partition());
            ends.put(partition, offset == null || offset < 0 ? 0 : offset + 1);
        }
        return ends;
    }

    /**
     * The stopped live projector's stored offsets must still be those the tail was replayed to: a
     * container that did not stop in time and applied more would make the new read model miss it.
     */
    private static void requireUnchanged(DSLContext ctx, String projector, Map<TopicPartition, Long> replayedTo) {
        Map<TopicPartition, Long> stored = storedEnds(ctx, projector, List.copyOf(replayedTo.keySet()));
        if (!stored.equals(replayedTo)) {
            throw new IllegalStateException("the live " + projector + " projector moved on from offsets " + replayedTo
                    + " to " + stored + " after it was stopped");
        }
    }

    /** A view (or materialized view) on tracking tables, with its definition naming them by schema. */
    private record View(String name, String kind, String definition) {
    }

    /**
     * The views of {@code schema} on its tracking tables: re-created on the rebuilt tables at the
     * switch-over (the rebuild schema has none). Definitions are read with an empty search path (for the
     * rest of the caller's transaction), so that they name every table with its schema.
     */
    private static List<View> viewsOn(DSLContext ctx, String schema) {
        ctx.execute("set local search_path = pg_catalog");
        List<View> views = ctx.resultQuery("""
                select distinct quote_ident(v.relname), v.relkind = 'm', pg_get_viewdef(v.oid) from pg_depend d
                join pg_rewrite r on r.oid = d.objid
                join pg_class v on v.oid = r.ev_class
                join pg_class t on t.oid = d.refobjid
                join pg_namespace n on n.oid = t.relnamespace
                where n.nspname = {0} and t.relname = any({1}) and v.oid <> t.oid and v.relkind in ('v', 'm')
                order by 1""", schema, TRACKING_TABLES.toArray(String[]::new))
                .fetch(r -> new View(r.get(0, String.class), r.get(1, Boolean.class) ? "materialized view" : "view",
                        r.get(2, String.class)));
        return views; // the search path stays empty for the rest of the transaction, whose statements name schemas

    }

    /**
     * What {@link #createTrackingTables} left to do: the statements adding the keys of the reduced tables
     * and the definitions of the secondary indexes.
     */
    private record TrackingSchema(Map<String, List<String>> keys, List<String> indexes) {
    }

    /**
     * Creates the tracking tables in {@value #REBUILD_SCHEMA} like the live ones (columns, defaults,
     * checks, storage; primary keys and unique constraints with their names), without running every
     * migration. Deferred (loading a table and then building each index once, sorted, costs a fraction
     * of maintaining it row by row): the keys of the tables the replay writes once from memory
     * ({@link TrackingReplay#REDUCED_TABLES}, added by its first flush), and every non-unique index, to
     * the end of the replay (the replay's own writes use only primary keys and unique constraints).
     * Index and constraint names stay the live ones, so later migrations find them.
     */
    private static TrackingSchema createTrackingTables(ReadModelDatabase live) {
        long started = System.nanoTime();
        Map<String, List<String>> keys = new HashMap<>();
        List<String> deferred = new ArrayList<>();
        live.inTransaction(ctx -> {
            ctx.execute("create schema " + REBUILD_SCHEMA);
            for (String table : TRACKING_TABLES) {
                String from = ReadModelSchema.LIVE + "." + table;
                String into = REBUILD_SCHEMA + "." + table;
                ctx.execute("create table " + into + " (like " + from + " including all excluding indexes)");
                for (var constraint : ctx.resultQuery("""
                        select quote_ident(conname), pg_get_constraintdef(oid) from pg_constraint
                        where conrelid = {0}::regclass and contype in ('p', 'u') order by conname""", from).fetch()) {
                    String add = "alter table " + into + " add constraint " + constraint.get(0, String.class) + " "
                            + constraint.get(1, String.class);
                    if (TrackingReplay.REDUCED_TABLES.contains(table)) {
                        keys.computeIfAbsent(table, t -> new ArrayList<>()).add(add);
                    } else {
                        ctx.execute(add);
                    }
                }
                for (var index : ctx.resultQuery("""
                        select pg_get_indexdef(x.indexrelid), x.indisunique from pg_index x
                        where x.indrelid = {0}::regclass
                          and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)
                        order by x.indexrelid""", from).fetch()) {
                    String definition = index.get(0, String.class).replace(" ON " + from + " ", " ON " + into + " ");
                    if (!definition.contains(" ON " + into + " ")) {
                        throw new IllegalStateException("unexpected index definition on " + from + ": " + definition);
                    }
                    if (index.get(1, Boolean.class)) {
                        ctx.execute(definition); // a unique index is a constraint the writes may rely on
                    } else {
                        deferred.add(definition);
                    }
                }
            }
            return null;
        });
        log.info("Rebuild: {} tracking tables created in {} ms, {} keys and {} secondary indexes deferred",
                TRACKING_TABLES.size(), (System.nanoTime() - started) / 1_000_000,
                keys.values().stream().mapToInt(List::size).sum(), deferred.size());
        return new TrackingSchema(keys, deferred);
    }

    /** The projections never read a record's key (the event is in its headers and body): left undecoded. */
    private record NoKeys() implements Deserializer<String> {

        @Override
        public String deserialize(String topic, byte[] data) {
            return null;
        }

        @Override
        public String deserialize(String topic, Headers headers, ByteBuffer data) {
            return null;
        }
    }

    /**
     * A value deserializer that hands out the bytes of wanted records only (by their headers): the
     * others stay in the fetch buffer instead of being copied, since the replay skips them anyway.
     */
    private record WantedValues(Predicate<Headers> wanted) implements Deserializer<byte[]> {

        @Override
        public byte[] deserialize(String topic, byte[] data) {
            return data;
        }

        @Override
        public byte[] deserialize(String topic, Headers headers, byte[] data) {
            return wanted.test(headers) ? data : null;
        }

        @Override
        public byte[] deserialize(String topic, Headers headers, ByteBuffer data) {
            if (data == null || !wanted.test(headers)) {
                return null;
            }
            byte[] bytes = new byte[data.remaining()];
            data.duplicate().get(bytes);
            return bytes;
        }
    }

    // ---------------------------------------------------------------------------------------- replay

    /**
     * What one replay feeds: the records wanted (by their headers; null = all) and, per projector, the
     * function that applies a batch and the offset (exclusive, per partition) it stops at; {@code search}
     * null when search is disabled.
     */
    private record Feed(Predicate<Headers> wanted,
                        Map<TopicPartition, Long> postgresEnd,
                        Function<List<IncomingEvent>, Projector.BatchResult> postgres,
                        Map<TopicPartition, Long> searchEnd,
                        Function<List<IncomingEvent>, Projector.BatchResult> search) {

        Map<TopicPartition, Long> end() {
            return search == null ? postgresEnd : higher(postgresEnd, searchEnd);
        }
    }

    /**
     * Replays up to the feed's ends. Each record is decoded once for both projectors; while they write a
     * batch (PostgreSQL and Elasticsearch in parallel), this thread fetches and decodes the next one.
     */
    private void replay(KafkaConsumer<String, byte[]> consumer, Feed feed, Counts counts, long t0) {
        // where the time goes (which store to tune), in the progress lines
        LongAdder fetchBusy = new LongAdder();
        LongAdder decodeBusy = new LongAdder();
        LongAdder postgresBusy = new LongAdder();
        LongAdder searchBusy = new LongAdder();
        Map<TopicPartition, Long> end = feed.end();
        long nextReport = System.nanoTime() + PROGRESS_EVERY.toNanos();
        Fetched batch = nextBatch(consumer, end, feed.wanted(), fetchBusy, decodeBusy);
        while (batch != null) {
            List<IncomingEvent> events = batch.events();
            List<IncomingEvent> forPostgres = upTo(events, feed.postgresEnd());
            Future<Projector.BatchResult> rows = forPostgres.isEmpty() ? null : async("read-model-rebuild-postgres",
                    postgresBusy, () -> withRetries(() -> feed.postgres().apply(forPostgres)));
            List<IncomingEvent> forSearch = feed.search() == null ? List.of() : upTo(events, feed.searchEnd());
            Future<Projector.BatchResult> documents = forSearch.isEmpty() ? null : async("read-model-rebuild-search",
                    searchBusy, () -> withRetries(() -> feed.search().apply(forSearch)));
            Fetched following;
            try {
                following = nextBatch(consumer, end, feed.wanted(), fetchBusy, decodeBusy);
            } finally {
                long refused = 0;
                if (rows != null) {
                    refused = join(rows).failed();
                }
                if (documents != null) {
                    refused = Math.max(refused, join(documents).failed());
                }
                counts.refused += refused;
            }
            counts.scanned += batch.scanned();
            counts.replayed += events.size();
            status = new Status(State.RUNNING, status.scope(), status.phase(), counts.scanned, counts.total,
                    counts.replayed, status.startedAt(), null, null, null);
            if (System.nanoTime() >= nextReport) {
                Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
                log.info("Rebuild: {} of {} records scanned, {} events replayed ({} events/s; busy so far: fetch {} ms, "
                                + "decode {} ms, PostgreSQL {} ms, Elasticsearch {} ms)", counts.scanned, counts.total,
                        counts.replayed, Math.round(rate(counts.replayed, elapsed)), fetchBusy.sum() / 1_000_000,
                        decodeBusy.sum() / 1_000_000, postgresBusy.sum() / 1_000_000, searchBusy.sum() / 1_000_000);
                nextReport = System.nanoTime() + PROGRESS_EVERY.toNanos();
            }
            batch = following;
        }
        log.info("Rebuild: replay done, {} records scanned, {} events replayed; busy: fetch {} ms, decode {} ms, "
                        + "PostgreSQL {} ms, Elasticsearch {} ms", counts.scanned, counts.replayed,
                fetchBusy.sum() / 1_000_000, decodeBusy.sum() / 1_000_000, postgresBusy.sum() / 1_000_000,
                searchBusy.sum() / 1_000_000);
    }

    /** The events of {@code events} before {@code end} of their partition. */
    private static List<IncomingEvent> upTo(List<IncomingEvent> events, Map<TopicPartition, Long> end) {
        List<IncomingEvent> before = new ArrayList<>(events.size());
        for (IncomingEvent event : events) {
            TopicPartition partition = new TopicPartition(event.record().topic(), event.partition());
            if (event.offset() < end.getOrDefault(partition, 0L)) {
                before.add(event);
            }
        }
        return before;
    }

    /** One poll: the wanted records decoded, and how many records were read. */
    private record Fetched(List<IncomingEvent> events, long scanned) {
    }

    /**
     * The next polled records before {@code end}, the wanted ones decoded; null once every partition
     * reached {@code end}. A partition's records from {@code end} on are not taken: the consumer is
     * moved back to {@code end}, where a later replay (the tail) reads them again.
     */
    private static Fetched nextBatch(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end,
                                     Predicate<Headers> wanted, LongAdder fetchBusy, LongAdder decodeBusy) {
        long started = System.nanoTime();
        try {
            while (!atEnd(consumer, end)) {
                ConsumerRecords<String, byte[]> polled = consumer.poll(Duration.ofMillis(500));
                if (polled.isEmpty()) {
                    continue;
                }
                List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(polled.count());
                long scanned = 0;
                for (TopicPartition partition : polled.partitions()) {
                    long limit = end.getOrDefault(partition, 0L);
                    for (ConsumerRecord<String, byte[]> record : polled.records(partition)) {
                        if (record.offset() >= limit) {
                            consumer.seek(partition, record.offset());
                            break;
                        }
                        scanned++;
                        if (wanted == null || wanted.test(record.headers())) {
                            records.add(record);
                        }
                    }
                }
                long decodeStarted = System.nanoTime();
                // RunDataLogged, most of a tracking replay's decoding, streamed; every other body by the codec
                List<IncomingEvent> events = IncomingEvent.decodeAll(records, RunDataDecoder::decode);
                decodeBusy.add(System.nanoTime() - decodeStarted);
                return new Fetched(events, scanned);
            }
            return null;
        } finally {
            fetchBusy.add(System.nanoTime() - started);
        }
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

    /** Stops the running live containers at once (each waits for its consumer's poll to end). */
    private void stopLive(List<Lifecycle> stopped) {
        List<Lifecycle> running = liveContainers.stream().filter(Lifecycle::isRunning).collect(Collectors.toList());
        stopped.addAll(running); // restarted in the end even if stopping one fails
        List<Future<Void>> stopping = new ArrayList<>();
        for (Lifecycle container : running) {
            stopping.add(CompletableFuture.runAsync(container::stop,
                    task -> Thread.ofVirtual().name("read-model-rebuild-stop").start(task)).thenApply(v -> null));
        }
        stopping.forEach(ReadModelRebuild::join);
    }

    // ------------------------------------------------------------------------------- schema helpers

    /**
     * Drops the non-unique indexes of the given tables (schema-qualified, in the rebuild schema) and
     * returns their definitions. Loading a table and then building each index once (sorted) costs a
     * fraction of maintaining it row by row; the projectors' own reads use only primary keys and unique
     * indexes, which stay.
     */
    private static List<String> dropSecondaryIndexes(ReadModelDatabase live, List<String> tables) {
        List<String> definitions = new ArrayList<>();
        live.inTransaction(ctx -> {
            for (var index : ctx.resultQuery("""
                    select quote_ident(n.nspname) || '.' || quote_ident(c.relname), pg_get_indexdef(c.oid)
                    from pg_index x
                    join pg_class c on c.oid = x.indexrelid
                    join pg_namespace n on n.oid = c.relnamespace
                    where x.indrelid = any({0}::regclass[]) and not x.indisunique and not x.indisprimary
                    order by 1""", (Object) tables.toArray(String[]::new)).fetch()) {
                definitions.add(index.get(1, String.class));
                ctx.execute("drop index " + index.get(0, String.class));
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
     * Autovacuum off for the new tables while they are loaded: vacuuming tables that only grow,
     * mid-load, takes CPU from the replay; the rebuild analyzes them itself before the swap.
     */
    private static void setAutovacuum(ReadModelDatabase live, List<String> tables, boolean enabled) {
        for (String table : tables) {
            live.dsl().execute("alter table " + table
                    + (enabled ? " reset (autovacuum_enabled)" : " set (autovacuum_enabled = false)"));
        }
    }

    /**
     * The end of a tracking replay, one task per tracking table on its own connection, up to
     * {@value #TABLES_AT_ONCE} at once (on two cores the longest chain, not the sum, is what the rebuild
     * waits for; the bound keeps a small connection pool from timing a task out), the reduced tables
     * first: the table's reduced rows written and its key added ({@link TrackingReplay#flushByTable}),
     * its deferred indexes built, its statistics gathered. Completes when every table is done
     * ({@link TrackingReplay#flushed} called), or with the first failure once every task has ended.
     */
    private static Future<Void> finishTables(ReadModelDatabase live, TrackingReplay postgres, List<String> indexes) {
        long started = System.nanoTime();
        Map<String, Runnable> reducedWrites = postgres.flushByTable();
        Map<String, Long> took = new ConcurrentHashMap<>();
        Semaphore connections = new Semaphore(TABLES_AT_ONCE, true);
        List<String> order = Stream.concat(TrackingReplay.REDUCED_TABLES.stream(),
                TRACKING_TABLES.stream().filter(t -> !TrackingReplay.REDUCED_TABLES.contains(t))).toList();
        List<CompletableFuture<Void>> tables = new ArrayList<>();
        for (String table : order) {
            String qualified = REBUILD_SCHEMA + "." + table;
            List<String> definitions = indexes.stream().filter(d -> d.contains(" ON " + qualified + " ")).toList();
            tables.add(CompletableFuture.runAsync(() -> {
                connections.acquireUninterruptibly();
                try {
                    Runnable write = reducedWrites.get(table);
                    if (write != null) {
                        write.run();
                    }
                    createIndexes(live, definitions, List.of(qualified));
                } finally {
                    connections.release();
                }
                took.put(table, (System.nanoTime() - started) / 1_000_000);
            }, task -> Thread.ofVirtual().name("read-model-rebuild-table").start(task)));
        }
        return CompletableFuture.allOf(tables.toArray(CompletableFuture[]::new)).thenRun(() -> {
            postgres.flushed();
            log.info("Rebuild: reduced rows written, {} secondary indexes created and statistics gathered in {} ms "
                    + "(per table, ms: {})", indexes.size(), (System.nanoTime() - started) / 1_000_000, new TreeMap<>(took));
        });
    }

    /** Re-creates the deferred indexes (their definitions name the rebuild schema) and analyzes the tables. */
    private static void createIndexes(ReadModelDatabase live, List<String> definitions, List<String> tables) {
        if (!definitions.isEmpty()) {
            live.inTransaction(ctx -> {
                ctx.execute("set local maintenance_work_mem = '256MB'");
                for (String definition : definitions) {
                    ctx.execute(definition);
                }
                return null;
            });
        }
        // fresh tables have no statistics yet; the first queries after the swap should not plan blind. The
        // array columns (metric batches) are left to autovacuum's first analyze after the swap: no query
        // filters on them, and sampling them was most of this step's time
        for (String table : tables) {
            List<String> columns = live.dsl().fetchValues("""
                    select quote_ident(attname) from pg_attribute
                    where attrelid = {0}::regclass and attnum > 0 and not attisdropped and attndims = 0
                      and (select typcategory from pg_type where oid = atttypid) <> 'A'
                    order by attnum""", table).stream().map(String::valueOf).toList();
            live.dsl().execute("analyze " + table + (columns.isEmpty() ? "" : " (" + String.join(", ", columns) + ")"));
        }
    }

    /** A few attempts with back-off (a database or Elasticsearch hiccup), then the rebuild fails. */
    private static <T> T withRetries(Supplier<T> work) {
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

    /** After the swap: the indices the aliases left (with the runs index paired with a versions index). */
    private void deleteOldIndices(Switch swap) {
        if (swap.previousAliases == null) {
            return;
        }
        List<String> old = new ArrayList<>(swap.previousAliases.versions());
        old.addAll(swap.previousAliases.runs());
        old.removeAll(swap.newAliases.versions());
        old.removeAll(swap.newAliases.runs());
        for (String index : old) {
            try {
                searchIndex.deleteIndex(index);
            } catch (RuntimeException e) {
                log.warn("Rebuild: could not delete the old index {}: {}", index, e.getMessage());
            }
        }
    }

    /** Before the swap: the aliases back where they were, the new index and schema gone. */
    private void undo(ReadModelDatabase live, Switch swap) {
        try {
            if (swap.aliasesMoved) {
                searchIndex.moveAliases(swap.newAliases, swap.previousAliases);
            }
            if (swap.newIndex != null) {
                searchIndex.deleteIndex(swap.newIndex);
            }
        } catch (RuntimeException e) {
            log.warn("Rebuild: could not remove the new index {}: {}", swap.newIndex, e.getMessage());
        }
        try {
            live.dsl().execute("drop schema if exists " + REBUILD_SCHEMA + " cascade");
            live.dsl().execute("drop schema if exists " + RETIRED_SCHEMA + " cascade");
        } catch (RuntimeException e) {
            log.warn("Rebuild: could not drop schema {}: {}", REBUILD_SCHEMA, e.getMessage());
        }
    }

    // ----------------------------------------------------------------------------------------- kafka

    private KafkaConsumer<String, byte[]> consumer(Deserializer<byte[]> values) {
        Map<String, Object> properties = new HashMap<>(consumerProperties.get());
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "registry-read-model-rebuild");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        // the default 1 MiB per partition would cap a poll at ~100 metric batches of 10 KiB each
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        properties.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 32 * 1024 * 1024);
        return new KafkaConsumer<>(properties, new NoKeys(), values);
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist: nothing to rebuild from "
                    + "(the live read models are left as they are)");
        }
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition()))
                .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
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

    private static Map<TopicPartition, Long> lower(Map<TopicPartition, Long> a, Map<TopicPartition, Long> b) {
        Map<TopicPartition, Long> lower = new LinkedHashMap<>(a);
        b.forEach((partition, offset) -> lower.merge(partition, offset, Math::min));
        return lower;
    }

    private static Map<TopicPartition, Long> higher(Map<TopicPartition, Long> a, Map<TopicPartition, Long> b) {
        Map<TopicPartition, Long> higher = new LinkedHashMap<>(a);
        b.forEach((partition, offset) -> higher.merge(partition, offset, Math::max));
        return higher;
    }

    private static double rate(long events, Duration duration) {
        double seconds = duration.toNanos() / 1e9;
        return seconds <= 0 ? 0 : events / seconds;
    }

    /** Enters a phase; logs how long the previous one took (where a rebuild's time goes). */
    private void phase(String phase, Counts counts) {
        long now = System.nanoTime();
        Status current = status;
        log.info("Rebuild: {} (phase '{}' took {} ms)", phase, current.phase(), (now - phaseStarted) / 1_000_000);
        phaseStarted = now;
        status = new Status(State.RUNNING, current.scope(), phase, counts.scanned, counts.total, counts.replayed,
                current.startedAt(), null, null, null);
    }
}
