package dev.modelregistry.projection.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.events.RegistryEvent;
import dev.modelregistry.events.tracking.DatasetInput;
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
import dev.modelregistry.projection.core.TestEvents;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunSearchStateTest {

    private static final String RUN = "a".repeat(32);
    private static final String EXPERIMENT = "e".repeat(32);
    private static final Instant START = Instant.parse("2026-11-23T09:00:00Z");

    private final TestEvents events = new TestEvents();
    private final RunSearchState state = new RunSearchState();

    private IncomingEvent incoming(RegistryEvent event) {
        EventEnvelope envelope = events.next(event, "alice");
        return IncomingEvent.of(envelope, 0, envelope.position());
    }

    private int apply(RegistryEvent event) {
        return state.apply(incoming(event));
    }

    private static RunStarted started(String run) {
        return new RunStarted(run, EXPERIMENT, "risk", "baseline", START, List.of(new Tag("team", "risk")), "c0ffee",
                "sklearn", "1.5.2", null);
    }

    private static MetricPoint point(String key, double value, long step, int second) {
        return new MetricPoint(key, value, step, START.plusSeconds(second));
    }

    private static RunDataLogged logged(List<MetricPoint> metrics, Param... params) {
        return new RunDataLogged(RUN, List.of(params), metrics, List.of(new Tag("stage", "tuning")),
                List.of(new DatasetInput("train", "d".repeat(64), "s3://train", "training")));
    }

    @Test
    void startedLoggedAndFinishedRunBecomesADocumentOfTheIndexContract() {
        state.loaded(RUN, null, 0);
        assertThat(apply(started(RUN))).isEqualTo(1);
        assertThat(apply(logged(List.of(point("f1", 0.91, 3, 1)), new Param("max_depth", "15")))).isEqualTo(1);
        assertThat(apply(new RunFinished(RUN, RunStatus.FINISHED, START.plusSeconds(90)))).isEqualTo(1);

        RunSearchState.Doc doc = state.docs.get(RUN);
        JsonNode json = SearchIndex.JSON.valueToTree(doc.document);
        assertThat(json.get("run_id").asText()).isEqualTo(RUN);
        assertThat(json.get("experiment_id").asText()).isEqualTo(EXPERIMENT);
        assertThat(json.get("namespace").asText()).isEqualTo("risk");
        assertThat(json.get("name").asText()).isEqualTo("baseline");
        assertThat(json.get("status").asText()).isEqualTo("FINISHED");
        assertThat(json.get("start_time").asText()).isEqualTo("2026-11-23T09:00:00Z");
        assertThat(json.get("duration_ms").asLong()).isEqualTo(90_000);
        assertThat(json.at("/params/max_depth").asText()).isEqualTo("15");
        assertThat(json.at("/metrics/f1").asDouble()).isEqualTo(0.91);
        assertThat(json.at("/tags/team").asText()).isEqualTo("risk");
        assertThat(json.at("/tags/stage").asText()).isEqualTo("tuning");
        assertThat(json.get("framework").asText()).isEqualTo("sklearn");
        assertThat(json.get("code_commit").asText()).isEqualTo("c0ffee");
        assertThat(json.get("dataset_digests").get(0).asText()).isEqualTo("d".repeat(64));
        assertThat(json.get("dataset_names").get(0).asText()).isEqualTo("train");
        assertThat(json.get("created_by").asText()).isEqualTo("alice");
        assertThat(doc.version).isEqualTo(events.position());
        assertThat(doc.dirty).isTrue();
    }

    @Test
    void latestMetricIsTheHighestStepThenTheLatestTimestamp() {
        state.loaded(RUN, null, 0);
        apply(started(RUN));
        apply(logged(List.of(point("f1", 0.8, 5, 1), point("f1", 0.9, 5, 3), point("f1", 0.95, 4, 9))));
        assertThat(state.docs.get(RUN).document.metrics()).containsEntry("f1", 0.9);
        apply(logged(List.of(point("f1", 0.7, 2, 20))));
        assertThat(state.docs.get(RUN).document.metrics()).containsEntry("f1", 0.9);
        apply(logged(List.of(point("f1", 0.6, 6, 0))));
        assertThat(state.docs.get(RUN).document.metrics()).containsEntry("f1", 0.6);
    }

    @Test
    void theLatestPointOfEachKeyIsTheOnePointByPointComparisonKeepsWhateverTheOrderAndTies() {
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 300; round++) {
            RunSearchState fresh = new RunSearchState();
            fresh.loaded(RUN, null, 0);
            fresh.apply(incoming(started(RUN)));
            // the rule point by point: a higher step, or the same step and a timestamp not before, replaces
            java.util.Map<String, MetricPoint> expected = new java.util.TreeMap<>();
            for (int event = 0; event < 3; event++) {
                List<MetricPoint> points = new java.util.ArrayList<>();
                for (int k = 0; k < random.nextInt(20); k++) {
                    MetricPoint point = point(random.nextBoolean() ? "loss" : "f1", random.nextInt(5) - 2.5 + k,
                            random.nextInt(3), random.nextInt(3));
                    points.add(point);
                    MetricPoint current = expected.get(point.key());
                    if (current == null || point.step() > current.step() || (point.step() == current.step()
                            && !point.timestamp().isBefore(current.timestamp()))) {
                        expected.put(point.key(), point);
                    }
                }
                fresh.apply(incoming(logged(points)));
            }
            RunDocument document = fresh.docs.get(RUN).document;
            assertThat(document.latestPoints().keySet()).isEqualTo(expected.keySet());
            expected.forEach((key, point) -> {
                assertThat(document.latestPoints().get(key)).isEqualTo(new RunDocument.Point(point.step(),
                        point.timestamp(), Double.toString(point.value())));
                assertThat(document.metrics()).containsEntry(key, point.value());
            });
        }
    }

    @Test
    void nonFiniteLatestValuesAreListedNotStoredAsNumbers() {
        state.loaded(RUN, null, 0);
        apply(started(RUN));
        apply(logged(List.of(point("loss", 0.3, 0, 0), point("loss", Double.NaN, 1, 1),
                point("gain", Double.NEGATIVE_INFINITY, 0, 0), point("f1", 0.5, 0, 0))));
        RunDocument doc = state.docs.get(RUN).document;
        assertThat(doc.metrics()).containsOnlyKeys("f1");
        assertThat(doc.nonfiniteMetrics()).containsExactly("gain", "loss");
        JsonNode json = SearchIndex.JSON.valueToTree(doc);
        assertThat(json.at("/latest_points/loss/value").asText()).isEqualTo("NaN");
        assertThat(json.at("/latest_points/gain/value").asText()).isEqualTo("-Infinity");
        // a later finite value brings the metric back
        apply(logged(List.of(point("loss", 0.2, 2, 2))));
        assertThat(state.docs.get(RUN).document.metrics()).containsEntry("loss", 0.2);
        assertThat(state.docs.get(RUN).document.nonfiniteMetrics()).containsExactly("gain");
    }

    @Test
    void replayedEventsChangeNothing() {
        state.loaded(RUN, null, 0);
        IncomingEvent start = incoming(started(RUN));
        IncomingEvent log = incoming(logged(List.of(point("f1", 0.9, 0, 0)), new Param("max_depth", "15")));
        state.apply(start);
        state.apply(log);
        RunDocument before = state.docs.get(RUN).document;
        assertThat(state.apply(start)).isZero();
        assertThat(state.apply(log)).isZero();
        assertThat(state.docs.get(RUN).document).isEqualTo(before);
    }

    @Test
    void deletedRunAndRunsOfADeletedExperimentLeaveTheIndex() {
        String other = "b".repeat(32);
        state.loaded(RUN, null, 0);
        state.loaded(other, null, 0);
        apply(started(RUN));
        apply(started(other));
        assertThat(apply(new RunDeleted(RUN))).isEqualTo(1);
        assertThat(state.docs.get(RUN).deleted).isTrue();
        assertThat(apply(new RunFinished(RUN, RunStatus.FINISHED, START))).isZero();

        String indexed = "c".repeat(32);
        state.runsOfExperiment.put(EXPERIMENT, Set.of(indexed));
        assertThat(apply(new ExperimentDeleted(EXPERIMENT))).isEqualTo(2); // `other` and the indexed run
        assertThat(state.docs.get(other).deleted).isTrue();
        assertThat(state.docs.get(indexed).deleted).isTrue();
        assertThat(state.changes()).extracting(d -> d.id).containsExactly(RUN, other, indexed);
        assertThat(RunSearchState.affectedIds(started(RUN))).containsExactly(RUN);
    }
}
