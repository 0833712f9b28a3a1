package dev.modelregistry.command.tracking.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.command.tracking.TrackingError;
import dev.modelregistry.events.model.ManifestFile;
import dev.modelregistry.events.tracking.DatasetInput;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Given/when/then for every command and rule of {@link Run}. */
class RunTest {

    static final String RUN = "fedcba9876543210fedcba9876543210";
    static final String EXPERIMENT = "0123456789abcdef0123456789abcdef";
    static final Instant START = Instant.parse("2026-11-01T10:00:00Z");
    static final Instant LATER = Instant.parse("2026-11-01T11:00:00Z");

    private FixtureConfiguration<Run> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Run.class);
    }

    static RunStarted started() {
        return new RunStarted(RUN, EXPERIMENT, "fraud", "baseline", START, List.of(new Tag("phase", "dev")),
                "9f2c1e4b", "xgboost", "2.1.3",
                new RunEnvironment("python", "3.12.4", List.of("xgboost==2.1.3"), null, "gpu-7"));
    }

    static RunDataLogged params(Param... params) {
        return new RunDataLogged(RUN, List.of(params), List.of(), List.of(), List.of());
    }

    static LogRunData logParams(Param... params) {
        return new LogRunData(RUN, List.of(params), List.of(), List.of(), List.of());
    }

    @Test
    void the_aggregate_is_addressed_by_the_events_subject() {
        assertThat(new DeleteRun(RUN).aggregateId()).isEqualTo("run:" + RUN);
        assertThat(started().subject()).isEqualTo("run:" + RUN);
    }

    @Test
    void starting_a_run_records_its_experiment_namespace_and_source() {
        fixture.givenNoPriorActivity()
                .when(new StartRun(RUN, EXPERIMENT, "fraud", "baseline", START, List.of(new Tag("phase", "dev")),
                        "9f2c1e4b", "xgboost", "2.1.3",
                        new RunEnvironment("python", "3.12.4", List.of("xgboost==2.1.3"), null, "gpu-7")))
                .expectEvents(started());
    }

    @Test
    void a_batch_of_a_thousand_metrics_is_one_event() {
        List<MetricPoint> metrics = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            metrics.add(new MetricPoint("loss", 1.0 / (i + 1), i, START.plusMillis(i)));
        }
        List<Param> params = List.of(new Param("max_depth", "8"));
        List<Tag> tags = List.of(new Tag("phase", "train"));
        List<DatasetInput> inputs = List.of(new DatasetInput("train", "b".repeat(64), "s3://d/train", "training"));
        fixture.given(started())
                .when(new LogRunData(RUN, params, metrics, tags, inputs))
                .expectEvents(new RunDataLogged(RUN, params, metrics, tags, inputs))
                .expectResultMessagePayload(TrackingChange.RECORDED);
    }

    @Test
    void nan_and_infinite_metric_values_are_accepted() {
        List<MetricPoint> metrics = List.of(new MetricPoint("loss", Double.NaN, 0, START),
                new MetricPoint("loss", Double.POSITIVE_INFINITY, 1, START),
                new MetricPoint("loss", Double.NEGATIVE_INFINITY, 2, START));
        fixture.given(started())
                .when(new LogRunData(RUN, List.of(), metrics, List.of(), List.of()))
                .expectEvents(new RunDataLogged(RUN, List.of(), metrics, List.of(), List.of()));
    }

    @Test
    void a_param_logged_again_with_another_value_is_refused_naming_the_key() {
        fixture.given(started(), params(new Param("lr", "0.1")))
                .when(logParams(new Param("max_depth", "8"), new Param("lr", "0.2")))
                .expectException(TrackingError.ParamConflict.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("'lr'"))
                .expectNoEvents();
        fixture.given(started(), params(new Param("lr", "0.1")))
                .when(logParams(new Param("max_depth", "8"), new Param("lr", "0.2")))
                .expectException(org.hamcrest.Matchers.<Throwable>both(
                                org.hamcrest.Matchers.instanceOf(TrackingError.ParamConflict.class))
                        .and(new org.hamcrest.CustomTypeSafeMatcher<Throwable>("the field params[1].value") {
                            @Override
                            protected boolean matchesSafely(Throwable item) {
                                return item instanceof TrackingError.ParamConflict c
                                        && "params[1].value".equals(c.field()) && "lr".equals(c.key());
                            }
                        }));
        TrackingError.ParamConflict conflict = new TrackingError.ParamConflict("params[1].value", "lr", "0.1", "0.2");
        assertThat(conflict.key()).isEqualTo("lr");
        assertThat(conflict.field()).isEqualTo("params[1].value");
        assertThat(conflict.code()).isEqualTo("param_conflict");
    }

    @Test
    void the_same_key_with_two_values_in_one_batch_is_refused() {
        fixture.given(started())
                .when(logParams(new Param("lr", "0.1"), new Param("lr", "0.2")))
                .expectException(TrackingError.ParamConflict.class).expectNoEvents();
    }

    @Test
    void a_param_logged_again_with_the_same_value_is_fine_and_not_recorded_twice() {
        fixture.given(started(), params(new Param("lr", "0.1")))
                .when(logParams(new Param("lr", "0.1"), new Param("lr", "0.1"), new Param("depth", "8")))
                .expectEvents(params(new Param("depth", "8")));
        fixture.given(started(), params(new Param("lr", "0.1")))
                .when(logParams(new Param("lr", "0.1")))
                .expectNoEvents().expectResultMessagePayload(TrackingChange.UNCHANGED);
    }

    @Test
    void nothing_is_logged_into_a_finished_run() {
        fixture.given(started(), new RunFinished(RUN, RunStatus.FINISHED, LATER))
                .when(logParams(new Param("lr", "0.1")))
                .expectException(TrackingError.RunNotActive.class).expectNoEvents();
        fixture.given(started(), new RunFinished(RUN, RunStatus.FAILED, LATER))
                .when(new LogRunArtifacts(RUN, List.of(new ManifestFile("model.pkl", "a".repeat(64), 3L))))
                .expectException(TrackingError.RunNotActive.class).expectNoEvents();
        fixture.given(started(), new RunFinished(RUN, RunStatus.KILLED, LATER))
                .when(new FinishRun(RUN, RunStatus.FINISHED, LATER))
                .expectException(TrackingError.RunNotActive.class).expectNoEvents();
    }

    @Test
    void nothing_is_logged_into_a_deleted_run() {
        fixture.given(started(), new RunDeleted(RUN))
                .when(logParams(new Param("lr", "0.1")))
                .expectException(TrackingError.RunNotActive.class).expectNoEvents();
        fixture.given(started(), new RunDeleted(RUN))
                .when(new FinishRun(RUN, RunStatus.FINISHED, LATER))
                .expectException(TrackingError.RunNotActive.class).expectNoEvents();
    }

    @Test
    void params_logged_before_a_snapshot_point_still_decide() {
        // the state keeps every logged param, whatever the number of batches in between
        fixture.given(started(), params(new Param("lr", "0.1")),
                        new RunDataLogged(RUN, List.of(), List.of(new MetricPoint("loss", 0.5, 0, START)), List.of(),
                                List.of()))
                .when(logParams(new Param("lr", "0.3")))
                .expectException(TrackingError.ParamConflict.class);
    }

    @Test
    void logging_artifacts_records_the_held_files() {
        List<ManifestFile> files = List.of(new ManifestFile("model.pkl", "a".repeat(64), 3L));
        fixture.given(started()).when(new LogRunArtifacts(RUN, files))
                .expectEvents(new RunArtifactsLogged(RUN, files));
    }

    @Test
    void finishing_records_the_status_and_end_time_once() {
        fixture.given(started()).when(new FinishRun(RUN, RunStatus.FAILED, LATER))
                .expectEvents(new RunFinished(RUN, RunStatus.FAILED, LATER));
    }

    @Test
    void a_run_cannot_end_before_it_started() {
        fixture.given(started()).when(new FinishRun(RUN, RunStatus.FINISHED, START.minusSeconds(1)))
                .expectException(TrackingError.EndBeforeStart.class).expectNoEvents();
    }

    @Test
    void an_empty_batch_records_nothing_but_still_needs_an_active_run() {
        fixture.given(started()).when(logParams())
                .expectNoEvents().expectResultMessagePayload(TrackingChange.UNCHANGED);
        fixture.given(started(), new RunFinished(RUN, RunStatus.FINISHED, LATER)).when(logParams())
                .expectException(TrackingError.RunNotActive.class);
    }

    @Test
    void deleting_records_a_tombstone_once_even_for_a_finished_run() {
        fixture.given(started(), new RunFinished(RUN, RunStatus.FINISHED, LATER)).when(new DeleteRun(RUN))
                .expectEvents(new RunDeleted(RUN));
        fixture.given(started(), new RunDeleted(RUN)).when(new DeleteRun(RUN))
                .expectNoEvents().expectResultMessagePayload(TrackingChange.UNCHANGED);
    }
}
