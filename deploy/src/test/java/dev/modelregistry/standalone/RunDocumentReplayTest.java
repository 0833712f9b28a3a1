package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.events.RegistryEvent;
import dev.modelregistry.events.tracking.DatasetInput;
import dev.modelregistry.events.tracking.ExperimentCreated;
import dev.modelregistry.events.tracking.ExperimentDeleted;
import dev.modelregistry.events.tracking.MetricPoint;
import dev.modelregistry.events.tracking.Param;
import dev.modelregistry.events.tracking.RunDataLogged;
import dev.modelregistry.events.tracking.RunDeleted;
import dev.modelregistry.events.tracking.RunFinished;
import dev.modelregistry.events.tracking.RunStarted;
import dev.modelregistry.events.tracking.RunStatus;
import dev.modelregistry.events.tracking.Tag;
import dev.modelregistry.projection.core.IncomingEvent;
import dev.modelregistry.projection.core.Projector.BatchResult;
import dev.modelregistry.projection.search.RunDocumentReplay;
import dev.modelregistry.projection.search.SearchIndex;
import dev.modelregistry.projection.search.SearchProjector;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tracking rebuild's run documents held in memory over the replay and written once
 * ({@link RunDocumentReplay}) are the documents, with the same external versions, that the runs
 * projector's per-batch path (read, apply, bulk-write back) leaves in Elasticsearch for the same events
 * in the same batches: runs with re-logged params, overwritten tags, duplicate and out-of-order steps,
 * NaN and infinite metrics, repeated inputs, runs finished twice, deleted runs, a deleted experiment
 * (with later events for its runs), events for unknown runs, duplicates within and across batches and
 * undecodable records; with every document held to the end, and with a tiny bound (flushed part-way,
 * the runs read back and a deleted experiment's runs listed from the index), then a tail through the
 * per-batch path as a rebuild does.
 */
class RunDocumentReplayTest extends RegistryIntegrationTest {

    private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
            1.0, 0.5, 0.125};
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private SearchIndex index;
    private final List<String> created = new ArrayList<>();

    @BeforeEach
    void searchIndex() {
        index = new SearchIndex(SERVICES.endpoints().elasticsearchUrl(), uniqueName("rdr") + "-versions");
    }

    @AfterEach
    void deleteIndices() throws Exception {
        created.forEach(index::deleteIndex);
        index.close();
    }

    private String runsIndex() {
        String name = index.createRunsIndex();
        created.add(name);
        return name;
    }

    /**
     * Three experiments' runs with everything the documents must get right; the second experiment
     * deleted. {@code dotted}: some events bring dotted keys, some beside the same key undotted
     * ({@code val} and {@code val.loss}, {@code stage} and {@code stage.v}), as MLflow's tags do.
     */
    private static List<IncomingEvent> events(long seed, boolean dotted) {
        Random random = new Random(seed);
        List<EventEnvelope> all = new ArrayList<>();
        Function<RegistryEvent, EventEnvelope> next = event -> {
            long position = all.size() + 1;
            EventEnvelope envelope = EventEnvelope.of(event, UUID.nameUUIDFromBytes(("rdr-" + seed + "-" + position)
                    .getBytes(StandardCharsets.UTF_8)).toString(), position, T0.plusSeconds(position),
                    "actor-" + position % 3, "corr-" + position, null, "/model-registry");
            all.add(envelope);
            return envelope;
        };
        List<String> experiments = List.of("1".repeat(32), "2".repeat(32), "3".repeat(32));
        for (String experiment : experiments) {
            next.apply(new ExperimentCreated(experiment, "team-a", "exp " + experiment.charAt(0), null, List.of()));
        }
        List<String> runs = new ArrayList<>();
        for (int r = 0; r < 45; r++) {
            String run = String.format("%032x", 0xA000 + r);
            runs.add(run);
            next.apply(new RunStarted(run, experiments.get(r % 3), "team-a", "run " + r,
                    random.nextBoolean() ? T0.plusMillis(r) : null,
                    List.of(new Tag("stage", "dev"), new Tag(dotted && r == 8 ? "seed.value" : "seed", "" + r)),
                    r % 2 == 0 ? "c0ffee" : null, r % 4 == 0 ? "sklearn" : "xgboost", "1." + r % 3, null));
        }
        // the runs' events interleaved, as many clients log at once
        for (int round = 0; round < 5; round++) {
            for (int r = 0; r < runs.size(); r++) {
                String run = runs.get(r);
                if (random.nextInt(3) == 0) {
                    continue;
                }
                List<MetricPoint> points = new ArrayList<>();
                for (int k = 0; k < random.nextInt(9); k++) {
                    points.add(new MetricPoint(random.nextBoolean() ? "loss" : "acc " + random.nextInt(2),
                            SPECIAL[random.nextInt(SPECIAL.length)] + (random.nextBoolean() ? 0 : random.nextInt(100) / 7.0),
                            random.nextInt(4), // duplicate and out-of-order steps
                            T0.plusSeconds(random.nextInt(3)).plusNanos(random.nextInt(3) * 1_000)));
                }
                String odd = dotted && random.nextInt(12) == 0 ? "val.loss" : null;
                if (odd != null) {
                    points.add(new MetricPoint(odd, 0.5, 0, T0));
                    points.add(new MetricPoint("val", 0.25, 0, T0));
                }
                next.apply(new RunDataLogged(run,
                        List.of(new Param("depth", "" + random.nextInt(3)), new Param("lr", "0." + round)), points,
                        List.of(new Tag(dotted && random.nextInt(20) == 0 ? "stage.v" : "stage",
                                random.nextBoolean() ? "test" : "prod")),
                        List.of(new DatasetInput("train", "d".repeat(64), "s3://" + round, null),
                                new DatasetInput(random.nextBoolean() ? "eval" : "holdout", random.nextBoolean()
                                        ? "f".repeat(64) : "e".repeat(64), null, "eval"))));
            }
            if (round == 2) {
                next.apply(new ExperimentDeleted(experiments.get(1))); // later events of its runs change nothing
            }
            if (round == 3) {
                for (int r = 0; r < runs.size(); r += 4) {
                    next.apply(new RunFinished(runs.get(r), RunStatus.FINISHED, r % 8 == 0 ? null : T0.plusSeconds(600)));
                }
                next.apply(new RunDeleted(runs.get(5)));
                next.apply(new RunDataLogged("f".repeat(32), List.of(), List.of(), List.of(new Tag("x", "y")),
                        List.of())); // a run never started
            }
        }
        for (int r = 0; r < runs.size(); r += 8) {
            next.apply(new RunFinished(runs.get(r), RunStatus.FAILED, T0.plusSeconds(900))); // finished twice
        }
        // redelivered events: some right after themselves, some much later; and undecodable records
        List<IncomingEvent> delivered = new ArrayList<>();
        for (EventEnvelope event : all) {
            delivered.add(IncomingEvent.of(event, 0, delivered.size()));
            if (random.nextInt(10) == 0) {
                delivered.add(IncomingEvent.of(event, 0, delivered.size()));
            }
            if (random.nextInt(40) == 0) {
                ConsumerRecord<String, byte[]> garbage = new ConsumerRecord<>("registry.events", 0, delivered.size(), "x",
                        "{not json".getBytes(StandardCharsets.UTF_8));
                event.kafkaHeaders().forEach(garbage.headers()::add);
                delivered.add(IncomingEvent.decode(garbage));
            }
        }
        for (int k = 0; k < 20; k++) {
            delivered.add(IncomingEvent.of(all.get(random.nextInt(all.size())), 0, delivered.size()));
        }
        return delivered;
    }

    /** Random batch sizes (1-{@code max}), the same for every path. */
    private static List<List<IncomingEvent>> batches(List<IncomingEvent> events, long seed, int max) {
        Random random = new Random(seed);
        List<List<IncomingEvent>> batches = new ArrayList<>();
        for (int from = 0; from < events.size(); ) {
            int to = Math.min(events.size(), from + 1 + random.nextInt(max));
            batches.add(events.subList(from, to));
            from = to;
        }
        return batches;
    }

    /** The documents of one concrete index, refreshed: id -> external version and source. */
    private Map<String, String> documents(String concreteIndex) {
        index.refreshOnly(concreteIndex);
        return indexDocuments(concreteIndex, "run_id", "{\"match_all\": {}}");
    }

    /** What the live runs projector's path leaves: every batch read, applied and written back. */
    private Map<String, String> perBatch(List<List<IncomingEvent>> batches) {
        String into = runsIndex();
        SearchProjector projector = SearchProjector.runsOnly(index, into);
        batches.forEach(projector::applyDecoded);
        return documents(into);
    }

    /**
     * The in-memory replay with at most {@code maxDocuments} held, flushed before the last {@code tail}
     * batches, which go through the per-batch path (as a rebuild's tail does).
     */
    private Map<String, String> inMemory(List<List<IncomingEvent>> batches, long maxDocuments, int tail) {
        return inMemory(batches, maxDocuments, tail, 2_000, 1);
    }

    /** ... with the documents of finished runs written in the background every {@code finishedBulk} runs. */
    private Map<String, String> inMemory(List<List<IncomingEvent>> batches, long maxDocuments, int tail,
                                         int finishedBulk, int minimumFailed) {
        String into = runsIndex();
        RunDocumentReplay replay = RunDocumentReplay.into(index, into, maxDocuments, finishedBulk);
        long failed = 0;
        for (List<IncomingEvent> batch : batches.subList(0, batches.size() - tail)) {
            BatchResult result = replay.apply(batch);
            failed += result.failed();
            assertThat(replay.held()).as("held documents").isLessThanOrEqualTo((int) maxDocuments + 60);
        }
        assertThat(replay.flush()).as("documents Elasticsearch refused").isZero();
        assertThat(replay.held()).isZero();
        assertThat(failed).as("the undecodable records")
                .isGreaterThanOrEqualTo(minimumFailed);
        SearchProjector projector = SearchProjector.runsOnly(index, into);
        batches.subList(batches.size() - tail, batches.size()).forEach(projector::applyDecoded);
        return documents(into);
    }

    @Test
    void runDocumentsHeldInMemoryOverTheReplayAreTheDocumentsThePerBatchPathLeaves() {
        for (long seed = 1; seed <= 2; seed++) {
            List<List<IncomingEvent>> batches = batches(events(seed, false), seed, 40);
            Map<String, String> expected = perBatch(batches);
            assertThat(expected).as("live runs, the deleted experiment's and the deleted run gone").hasSize(45 - 15 - 1);
            assertThat(inMemory(batches, 1_000_000, 0)).as("seed " + seed + ", all held").isEqualTo(expected);
            assertThat(inMemory(batches, 1_000_000, batches.size() / 4)).as("seed " + seed + ", with a tail")
                    .isEqualTo(expected);
            assertThat(inMemory(batches, 1_000_000, 0, 2, 1)).as("seed " + seed + ", finished runs written early")
                    .isEqualTo(expected);
        }
    }

    @Test
    void flushedAtATinyMemoryBoundTheDocumentsAreTheSame() {
        List<List<IncomingEvent>> batches = batches(events(7, false), 7, 40);
        Map<String, String> expected = perBatch(batches);
        assertThat(inMemory(batches, 4, 0)).as("at most 4 held").isEqualTo(expected);
        assertThat(inMemory(batches, 0, 3)).as("flushed before every batch, then a tail").isEqualTo(expected);
        assertThat(inMemory(batches, 6, 3, 3, 1)).as("at most 6 held, finished runs written early, then a tail")
                .isEqualTo(expected);
    }

    @Test
    void dottedKeysAreIndexedBesideTheUndottedOnesAndTheHeldDocumentsAreThePerBatchOnes() {
        List<IncomingEvent> events = events(3, true);
        Map<String, String> expected = perBatch(batches(events, 3, 1));
        assertThat(expected.get(String.format("%032x", 0xA000 + 8))).as("the run started with a dotted tag")
                .contains("\"seed.value\":\"8\"");
        assertThat(expected.values()).as("some run has val and val.loss")
                .anyMatch(document -> document.contains("\"val\":0.25") && document.contains("\"val.loss\":0.5"));
        List<List<IncomingEvent>> batches = batches(events, 3, 40);
        assertThat(inMemory(batches, 1_000_000, 0, 2_000, 1)).isEqualTo(expected);
        assertThat(inMemory(batches, 4, 0, 2, 1)).isEqualTo(expected);
    }
}
