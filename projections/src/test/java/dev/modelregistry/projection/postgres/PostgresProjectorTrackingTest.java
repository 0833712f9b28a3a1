package dev.modelregistry.projection.postgres;

import static dev.modelregistry.readmodel.jooq.Tables.RUN_METRIC_BATCH;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.events.model.ManifestFile;
import dev.modelregistry.events.tracking.DatasetInput;
import dev.modelregistry.events.tracking.ExperimentCreated;
import dev.modelregistry.events.tracking.ExperimentDeleted;
import dev.modelregistry.events.tracking.ExperimentUpdated;
import dev.modelregistry.events.tracking.MetricPoint;
import dev.modelregistry.events.tracking.Param;
import dev.modelregistry.events.tracking.RunArtifactsLogged;
import dev.modelregistry.events.tracking.RunDataLogged;
import dev.modelregistry.events.tracking.RunDeleted;
import dev.modelregistry.events.tracking.RunEnvironment;
import dev.modelregistry.events.tracking.RunFinished;
import dev.modelregistry.events.tracking.RunStarted;
import dev.modelregistry.events.tracking.RunStatus;
import dev.modelregistry.events.tracking.Tag;
import dev.modelregistry.projection.core.ReadModelFixture;
import dev.modelregistry.projection.core.TestEvents;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The tracking read model (V8) through the real projector on an embedded PostgreSQL: every tracking
 * event becomes its rows (experiments, runs, params, tags, metric history and the latest value per key
 * by MLflow's rule, NaN and infinities stored as such, inputs, artifacts, finish and deletion), the
 * points of one key and event are one {@code run_metric_batch} row in the event's order (1,000 points of
 * one event included), and applying the events again (split, with or without the duplicate check)
 * changes nothing.
 */
class PostgresProjectorTrackingTest {

    private static final String EXPERIMENT = "e".repeat(32);
    private static final String RUN = "a".repeat(32);
    private static final String OTHER_RUN = "b".repeat(32);
    private static final String DIGEST = "d".repeat(64);

    @RegisterExtension
    static final ReadModelFixture readModel = new ReadModelFixture();

    /** A batch's timestamps as epoch milliseconds in array order, whatever the session's time zone. */
    private static final String EPOCHS = "(select string_agg((extract(epoch from t) * 1000)::bigint::text, ',' "
            + "order by n) from unnest(timestamps) with ordinality u(t, n))";

    private static String epochs(int... times) {
        return java.util.Arrays.stream(times).mapToObj(t -> Long.toString(TestEvents.time(t).toEpochMilli()))
                .collect(java.util.stream.Collectors.joining(","));
    }

    private static List<EventEnvelope> history() {
        TestEvents events = new TestEvents();
        List<MetricPoint> many = new ArrayList<>();
        for (int step = 0; step < 1000; step++) {
            many.add(new MetricPoint("loss", 1.0 / (step + 1), step, TestEvents.time(step)));
        }
        return List.of(
                events.next(new ExperimentCreated(EXPERIMENT, "team-a", "churn", "first", List.of(new Tag("k", "v")))), // 1
                events.next(new ExperimentUpdated(EXPERIMENT, "second", List.of(new Tag("k", "w")))),                 // 2
                events.next(new RunStarted(RUN, EXPERIMENT, "team-a", "baseline", TestEvents.time(1),
                        List.of(new Tag("stage", "dev")), "abc123", "sklearn", "1.5",
                        new RunEnvironment("python", "3.12", List.of("numpy==2.0"), null, "host-1"))),              // 3
                events.next(new RunDataLogged(RUN, List.of(new Param("max_depth", "15")),
                        List.of(new MetricPoint("accuracy", 0.5, 1, TestEvents.time(1)),
                                new MetricPoint("accuracy", 0.9, 2, TestEvents.time(2)),
                                new MetricPoint("accuracy", 0.7, 0, TestEvents.time(3)),
                                new MetricPoint("gap", Double.NaN, 0, TestEvents.time(3)),
                                new MetricPoint("bound", Double.NEGATIVE_INFINITY, 0, TestEvents.time(3))),
                        List.of(new Tag("stage", "test")),
                        List.of(new DatasetInput("train", DIGEST, "s3://d", "training")))),                        // 4
                events.next(new RunDataLogged(RUN, List.of(new Param("max_depth", "15")), many, List.of(),
                        List.of(new DatasetInput("train", DIGEST, "s3://d", null)))),                               // 5
                events.next(new RunArtifactsLogged(RUN, List.of(new ManifestFile("model.pkl", DIGEST, 10L)))),    // 6
                events.next(new RunFinished(RUN, RunStatus.FINISHED, TestEvents.time(100))),                       // 7
                events.next(new RunStarted(OTHER_RUN, EXPERIMENT, "team-a", null, TestEvents.time(8), List.of(),
                        null, null, null, null)),                                                                 // 8
                events.next(new RunDeleted(OTHER_RUN)),                                                            // 9
                events.next(new ExperimentDeleted(EXPERIMENT)));                                                   // 10
    }

    @Test
    void trackingEventsBecomeRows() {
        PostgresProjector projector = new PostgresProjector(readModel.database());
        assertThat(projector.applyEvents(history()).failed()).isZero();
        assertRows();
        assertThat(readModel.dsl().fetchValue("select subject from read_model.audit_log where position = 3"))
                .isEqualTo("run:" + RUN);
    }

    @Test
    void applyingTheEventsAgainOrSplitChangesNothing() {
        PostgresProjector projector = new PostgresProjector(readModel.database());
        List<EventEnvelope> events = history();
        projector.applyEvents(events.subList(0, 3));
        projector.applyEvents(events.subList(3, 4));
        projector.applyEvents(events.subList(4, events.size()));
        assertRows();
        projector.applyEvents(events);
        assertRows();
        readModel.dsl().execute("truncate read_model.audit_log");
        projector.applyEvents(events);
        projector.applyEvents(events.subList(1, 5));
        assertRows();
    }

    @Test
    void pointsOfTwoKeysInOneEventBecomeTwoRowsWithArraysInTheEventsOrder() {
        TestEvents events = new TestEvents();
        new PostgresProjector(readModel.database()).applyEvents(List.of(
                events.next(new RunStarted(RUN, EXPERIMENT, "team-a", null, TestEvents.time(1), List.of(), null, null,
                        null, null)),
                events.next(new RunDataLogged(RUN, List.of(), List.of(
                        new MetricPoint("loss", 0.3, 7, TestEvents.time(4)),
                        new MetricPoint("acc", 0.6, 7, TestEvents.time(4)),
                        new MetricPoint("loss", 0.4, 2, TestEvents.time(5)),
                        new MetricPoint("acc", 0.7, 9, TestEvents.time(3)),
                        new MetricPoint("loss", 0.2, 8, TestEvents.time(6))), List.of(), List.of())),
                events.next(new RunDataLogged(RUN, List.of(), List.of(new MetricPoint("acc", 0.8, 1, TestEvents.time(7))),
                        List.of(), List.of()))));
        assertThat(readModel.dsl().fetch("select key, position, steps::text, \"values\"::text, ordinals::text, "
                        + "min_step, max_step, " + EPOCHS + " from read_model.run_metric_batch where run_id = ? "
                        + "order by key, position", RUN).map(r -> r.intoList()))
                .containsExactly(
                        List.of("acc", 2L, "{7,9}", "{0.6,0.7}", "{1,3}", 7L, 9L, epochs(4, 3)),
                        List.of("acc", 3L, "{1}", "{0.8}", "{0}", 1L, 1L, epochs(7)),
                        List.of("loss", 2L, "{7,2,8}", "{0.3,0.4,0.2}", "{0,2,4}", 2L, 8L, epochs(4, 5, 6)));
    }

    @Test
    void nanAndInfinitiesSurviveInTheValueArrays() {
        TestEvents events = new TestEvents();
        double[] logged = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, Double.MIN_VALUE,
                Double.MAX_VALUE, 0.1 + 0.2};
        List<MetricPoint> points = new ArrayList<>();
        for (int n = 0; n < logged.length; n++) {
            points.add(new MetricPoint("m", logged[n], n, TestEvents.time(n)));
        }
        new PostgresProjector(readModel.database()).applyEvents(List.of(
                events.next(new RunStarted(RUN, EXPERIMENT, "team-a", null, TestEvents.time(1), List.of(), null, null,
                        null, null)),
                events.next(new RunDataLogged(RUN, List.of(), points, List.of(), List.of()))));
        Double[] stored = readModel.dsl().fetchValue(RUN_METRIC_BATCH.VALUES);
        assertThat(stored).containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
                Double.MIN_VALUE, Double.MAX_VALUE, 0.1 + 0.2);
    }

    @Test
    void replayingTheSameEventsIntoAnEmptyReadModelGivesIdenticalMetricRows() {
        PostgresProjector projector = new PostgresProjector(readModel.database());
        projector.applyEvents(history());
        String all = "select run_id, key, position, steps::text, " + EPOCHS + ", \"values\"::text, ordinals::text, "
                + "min_step, max_step from read_model.run_metric_batch order by run_id, key, position";
        var first = readModel.dsl().fetch(all).map(r -> r.intoList());
        readModel.empty();
        projector.applyEvents(history());
        projector.applyEvents(history());
        assertThat(readModel.dsl().fetch(all).map(r -> r.intoList())).isEqualTo(first).hasSize(4);
    }

    @Test
    void postgresqlOrdersNanAfterEveryNumberAndInfinity() {
        TestEvents events = new TestEvents();
        List<MetricPoint> points = new ArrayList<>();
        double[] values = {Double.NaN, 1e308, Double.POSITIVE_INFINITY, -2.5, Double.NEGATIVE_INFINITY, 0.0};
        List<EventEnvelope> history = new ArrayList<>();
        history.add(events.next(new ExperimentCreated(EXPERIMENT, "team-a", "order", null, List.of())));
        for (int n = 0; n < values.length; n++) {
            String run = Integer.toString(n).repeat(32);
            history.add(events.next(new RunStarted(run, EXPERIMENT, "team-a", null, TestEvents.time(1), List.of(),
                    null, null, null, null)));
            history.add(events.next(new RunDataLogged(run, List.of(),
                    List.of(new MetricPoint("m", values[n], 0, TestEvents.time(1))), List.of(), List.of())));
        }
        new PostgresProjector(readModel.database()).applyEvents(history);
        // the index run_latest_metric_key_value serves this order: NaN is above +Infinity in PostgreSQL
        assertThat(readModel.dsl().fetch("select l.value::text as shown from read_model.run_latest_metric l where key = 'm' "
                + "order by l.value").getValues(0, String.class))
                .containsExactly("-Infinity", "-2.5", "0", "1e+308", "Infinity", "NaN");
    }

    @Test
    void aLaterPointOfALowerStepDoesNotReplaceTheLatestValue() {
        TestEvents events = new TestEvents();
        PostgresProjector projector = new PostgresProjector(readModel.database());
        projector.applyEvents(List.of(
                events.next(new RunStarted(RUN, EXPERIMENT, "team-a", null, TestEvents.time(1), List.of(), null, null,
                        null, null)),
                events.next(new RunDataLogged(RUN, List.of(), List.of(new MetricPoint("f1", 0.8, 5, TestEvents.time(1))),
                        List.of(), List.of()))));
        projector.applyEvents(List.of(
                events.next(new RunDataLogged(RUN, List.of(), List.of(new MetricPoint("f1", 0.1, 4, TestEvents.time(9)),
                        new MetricPoint("f1", 0.7, 5, TestEvents.time(0))), List.of(), List.of()))));
        assertThat(readModel.dsl().fetchOne("select value, step from read_model.run_latest_metric").intoList())
                .containsExactly(0.8, 5L);
        projector.applyEvents(List.of(
                events.next(new RunDataLogged(RUN, List.of(), List.of(new MetricPoint("f1", 0.6, 5, TestEvents.time(9))),
                        List.of(), List.of()))));
        assertThat(readModel.dsl().fetchOne("select value, step from read_model.run_latest_metric").intoList())
                .containsExactly(0.6, 5L);
    }

    private void assertRows() {
        var dsl = readModel.dsl();
        assertThat(dsl.fetchOne("select namespace, name, description, tags::text, deleted_at is not null "
                + "from read_model.experiment").intoList())
                .containsExactly("team-a", "churn", "second", "{\"k\": \"w\"}", true);
        assertThat(dsl.fetch("select run_id, status, end_time is not null, deleted_at is not null, code_commit "
                + "from read_model.run order by run_id").map(r -> r.intoList()))
                .containsExactly(List.of(RUN, "FINISHED", true, false, "abc123"),
                        java.util.Arrays.asList(OTHER_RUN, "RUNNING", false, true, null));
        assertThat(dsl.fetchValue("select environment->>'host' from read_model.run where run_id = ?", RUN))
                .isEqualTo("host-1");
        assertThat(dsl.fetchValue("select value from read_model.run_param where run_id = ? and key = 'max_depth'", RUN))
                .isEqualTo("15");
        assertThat(dsl.fetchValue("select value from read_model.run_tag where run_id = ? and key = 'stage'", RUN))
                .isEqualTo("test");
        // history: one row per (run, key, event), the points in the event's order with their ordinals in
        // it; every point, 1,000 of one event included; NaN and -Infinity as they were logged
        assertThat(dsl.fetch("select key, position, steps::text, \"values\"::text, ordinals::text, min_step, max_step "
                + "from read_model.run_metric_batch where key <> 'loss' order by key").map(r -> r.intoList()))
                .containsExactly(List.of("accuracy", 4L, "{1,2,0}", "{0.5,0.9,0.7}", "{0,1,2}", 0L, 2L),
                        List.of("bound", 4L, "{0}", "{-Infinity}", "{4}", 0L, 0L),
                        List.of("gap", 4L, "{0}", "{NaN}", "{3}", 0L, 0L));
        assertThat(dsl.fetchOne("select position, cardinality(steps), steps[1000], \"values\"[1000], ordinals[1000], "
                + "min_step, max_step from read_model.run_metric_batch where key = 'loss'").intoList())
                .containsExactly(5L, 1000, 999L, 0.001, 999, 0L, 999L);
        assertThat(dsl.fetchValue("select sum(cardinality(steps)) from read_model.run_metric_batch")).isEqualTo(1005L);
        // latest: highest step wins over later timestamps (MLflow)
        assertThat(dsl.fetch("select key, value::text, step from read_model.run_latest_metric order by key")
                .map(r -> r.intoList()))
                .containsExactly(List.of("accuracy", "0.9", 2L), List.of("bound", "-Infinity", 0L),
                        List.of("gap", "NaN", 0L), List.of("loss", "0.001", 999L));
        // the same dataset in another context is another input
        assertThat(dsl.fetch("select context from read_model.run_input order by context").map(r -> r.get(0)))
                .containsExactly("", "training");
        assertThat(dsl.fetchOne("select path, sha256, size from read_model.run_artifact").intoList())
                .containsExactly("model.pkl", DIGEST, 10L);
    }
}
