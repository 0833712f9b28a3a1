package dev.modelregistry.projection.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.events.model.ManifestFile;
import dev.modelregistry.events.tracking.DatasetInput;
import dev.modelregistry.events.tracking.ExperimentCreated;
import dev.modelregistry.events.tracking.MetricPoint;
import dev.modelregistry.events.tracking.Param;
import dev.modelregistry.events.tracking.RunArtifactsLogged;
import dev.modelregistry.events.tracking.RunDataLogged;
import dev.modelregistry.events.tracking.RunDeleted;
import dev.modelregistry.events.tracking.RunFinished;
import dev.modelregistry.events.tracking.RunStarted;
import dev.modelregistry.events.tracking.RunStatus;
import dev.modelregistry.events.tracking.Tag;
import dev.modelregistry.projection.core.IncomingEvent;
import dev.modelregistry.projection.core.Projector.BatchResult;
import dev.modelregistry.projection.core.ReadModelDatabase;
import dev.modelregistry.projection.core.ReadModelFixture;
import dev.modelregistry.projection.core.TestEvents;
import dev.modelregistry.projection.rebuild.ReadModelRebuild;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tracking replay (in-memory reduction of params, tags, latest metrics and inputs, binary COPY at the
 * end) leaves exactly the rows the live projector's per-batch upserts leave for the same events in the
 * same batches: generated runs with re-logged params, overwritten tags, duplicate and out-of-order
 * steps, NaN, infinities, -0 and 0, timestamps equal to the microsecond but not to the nanosecond,
 * repeated inputs, duplicate events within and across batches, and a refused event; with the reduction
 * flushed before the last quarter of the batches (a rebuild's tail) and at the end, after every batch,
 * or spilled part-way.
 */
class TrackingReplayTest {

    private static final String SCHEMA = "tracking_replay_probe";
    private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
            1.0, 0.5};

    @RegisterExtension
    static final ReadModelFixture readModel = new ReadModelFixture();

    private ReadModelDatabase replayed;

    @BeforeEach
    void replaySchema() {
        readModel.dsl().execute("drop schema if exists " + SCHEMA + " cascade");
        replayed = ReadModelDatabase.schema(readModel.database().dataSource(), SCHEMA);
        replayed.migrate();
    }

    @AfterEach
    void dropReplaySchema() {
        readModel.dsl().execute("drop schema if exists " + SCHEMA + " cascade");
    }

    /** Runs of one experiment with everything the reduction must get right, and some duplicates. */
    private static List<EventEnvelope> events(long seed) {
        Random random = new Random(seed);
        TestEvents events = new TestEvents();
        List<EventEnvelope> all = new ArrayList<>();
        String experiment = "e".repeat(32);
        all.add(events.next(new ExperimentCreated(experiment, "team-a", "churn", null, List.of())));
        Instant base = Instant.parse("2026-11-24T10:00:00Z");
        for (int r = 0; r < 40; r++) {
            String run = String.format("%032x", r + 1);
            all.add(events.next(new RunStarted(run, experiment, "team-a", "run " + r, TestEvents.time(r),
                    List.of(new Tag("stage", "dev"), new Tag("seed", "" + r)), null, null, null, null)));
            for (int logged = 0; logged < 1 + random.nextInt(4); logged++) {
                List<Param> params = List.of(new Param("depth", "" + random.nextInt(3)), new Param("lr", "0." + logged));
                List<MetricPoint> points = new ArrayList<>();
                for (int k = 0; k < random.nextInt(8); k++) {
                    String key = random.nextBoolean() ? "loss" : "acc";
                    long step = random.nextInt(3); // duplicate and out-of-order steps
                    // equal to the microsecond, not always to the nanosecond; sometimes a rounded-up fraction
                    Instant at = base.plusSeconds(random.nextInt(2)).plusNanos(switch (random.nextInt(4)) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(3) * 1_000;
                        case 2 -> 999_999_700 + random.nextInt(300);
                        default -> random.nextInt(1_000);
                    });
                    points.add(new MetricPoint(key, SPECIAL[random.nextInt(SPECIAL.length)], step, at));
                }
                List<Tag> tags = List.of(new Tag("stage", random.nextBoolean() ? "test" : "prod"));
                List<DatasetInput> inputs = List.of(new DatasetInput("train", "d".repeat(64), "s3://" + logged,
                        random.nextBoolean() ? null : ""), new DatasetInput("eval", "f".repeat(64), null, "eval"));
                all.add(events.next(new RunDataLogged(run, params, points, tags, inputs)));
            }
            if (r % 7 == 3) {
                all.add(events.next(new RunDataLogged(run, List.of(new Param("bad", "nul \u0000 value")), List.of(),
                        List.of(), List.of()))); // refused by PostgreSQL: no rows of it anywhere
            }
            all.add(events.next(new RunArtifactsLogged(run, List.of(new ManifestFile("model.pkl", "a".repeat(64), 1L)))));
            all.add(events.next(new RunFinished(run, RunStatus.FINISHED, TestEvents.time(100 + r))));
            if (r % 9 == 0) {
                all.add(events.next(new RunDeleted(run)));
            }
        }
        // redelivered events: some again right after themselves, some much later
        List<EventEnvelope> delivered = new ArrayList<>();
        for (EventEnvelope event : all) {
            delivered.add(event);
            if (random.nextInt(10) == 0) {
                delivered.add(event);
            }
        }
        for (int k = 0; k < 15; k++) {
            delivered.add(all.get(random.nextInt(all.size())));
        }
        return delivered;
    }

    /** Random batch sizes (1-60), the same for the live projector and the replay. */
    private static List<List<IncomingEvent>> batches(List<EventEnvelope> events, long seed) {
        Random random = new Random(seed);
        List<List<IncomingEvent>> batches = new ArrayList<>();
        for (int from = 0; from < events.size(); ) {
            int to = Math.min(events.size(), from + 1 + random.nextInt(60));
            List<IncomingEvent> batch = new ArrayList<>();
            for (int k = from; k < to; k++) {
                batch.add(IncomingEvent.of(events.get(k), 0, k));
            }
            batches.add(batch);
            from = to;
        }
        return batches;
    }

    private static void flushByTableAtOnce(TrackingReplay replay) {
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> written = replay.flushByTable().values().stream().<Future<?>>map(writers::submit).toList();
            for (Future<?> table : written) {
                table.get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
        replay.flushed();
    }

    private void assertReplayEqualsLive(long seed, long maxReducedRows) {
        List<List<IncomingEvent>> batches = batches(events(seed), seed);
        PostgresProjector live = new PostgresProjector(readModel.database());
        for (List<IncomingEvent> batch : batches) {
            live.applyEvents(batch.stream().map(IncomingEvent::envelope).toList());
        }
        // the reduced tables without their primary keys, which the first flush adds (as a rebuild makes them)
        Map<String, List<String>> keys = new HashMap<>();
        for (String table : TrackingReplay.REDUCED_TABLES) {
            readModel.dsl().execute("alter table " + SCHEMA + "." + table + " drop constraint " + table + "_pkey");
            keys.put(table, List.of("alter table " + SCHEMA + "." + table + " add constraint " + table + "_pkey "
                    + readModel.dsl().fetchValue("select pg_get_constraintdef(oid) from pg_constraint where conname = {0} "
                    + "and conrelid = {1}::regclass", table + "_pkey", "read_model." + table)));
        }
        TrackingReplay replay = new PostgresProjector(replayed).trackingReplay(maxReducedRows, keys);
        long failed = 0;
        for (int b = 0; b < batches.size(); b++) {
            BatchResult result = replay.apply(batches.get(b));
            failed += result.failed();
            if (b == batches.size() * 3 / 4) {
                // as a rebuild does before its tail, table by table at once: later rows go in with the upserts
                flushByTableAtOnce(replay);
            }
        }
        replay.flush();

        assertThat(failed).as("refused events (the NUL param, and redelivered events with metric rows)").isPositive();
        for (String table : TrackingReplay.REDUCED_TABLES) {
            assertThat(readModel.dsl().fetchValue("select pg_get_constraintdef(oid) from pg_constraint where conname = {0} "
                    + "and conrelid = {1}::regclass", table + "_pkey", SCHEMA + "." + table)).as(table + " key").isNotNull();
        }
        for (String table : ReadModelRebuild.TRACKING_TABLES) {
            assertThat(rows(SCHEMA, table)).as(table + ", seed " + seed + ", max " + maxReducedRows)
                    .isNotEmpty()
                    .containsExactlyElementsOf(rows("read_model", table));
        }
        assertThat(rows(SCHEMA, "run_param")).noneMatch(row -> row.contains("bad"));
    }

    /** A table's rows as PostgreSQL prints them (every bit of a float8, microseconds), sorted. */
    private static List<String> rows(String schema, String table) {
        return readModel.dsl().fetch("select t::text from " + schema + "." + table + " t order by 1")
                .getValues(0, String.class);
    }

    @Test
    void reducedOverTheWholeReplayTheRowsEqualTheLiveUpsertsBatchByBatch() {
        for (long seed = 1; seed <= 4; seed++) {
            readModel.empty();
            replaySchema();
            assertReplayEqualsLive(seed, 1_000_000);
        }
    }

    @Test
    void spilledAfterEveryBatchOrPartWayTheRowsAreTheSame() {
        assertReplayEqualsLive(11, 0);
        readModel.empty();
        replaySchema();
        assertReplayEqualsLive(12, 150);
    }
}
