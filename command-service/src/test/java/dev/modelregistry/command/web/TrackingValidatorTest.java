package dev.modelregistry.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelregistry.command.tracking.Tracking.MetricDraft;
import dev.modelregistry.command.web.RequestRejected.FieldProblem;
import dev.modelregistry.command.web.TrackingRequests.CreateExperimentRequest;
import dev.modelregistry.command.web.TrackingRequests.FinishRunRequest;
import dev.modelregistry.command.web.TrackingRequests.LogBatchRequest;
import dev.modelregistry.command.web.TrackingRequests.StartRunRequest;
import dev.modelregistry.events.tracking.RunStatus;
import dev.modelregistry.events.tracking.Tag;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** The field rules of the experiment tracking endpoints, through the same strict JSON reader as the controllers. */
class TrackingValidatorTest {

    static final String EXPERIMENT = "0123456789abcdef0123456789abcdef";
    private final CommandJson json = new CommandJson(1 << 20, 32);

    private <T> T parse(String body, Class<T> type) {
        return json.parse(body.getBytes(), type);
    }

    private static RequestRejected rejection(Runnable validation) {
        RequestRejected rejected = catchThrowableOfType(RequestRejected.class, validation::run);
        assertThat(rejected).as("the request is refused").isNotNull();
        assertThat(rejected.status()).isEqualTo(HttpStatus.BAD_REQUEST);
        return rejected;
    }

    private static String metrics(int count) {
        return IntStream.range(0, count).mapToObj(i -> "{\"key\":\"m" + i + "\",\"value\":" + i + "}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    @Test
    void an_experiment_defaults_to_the_namespace_default_and_sorts_its_tags() {
        var draft = TrackingValidator.createExperiment(parse(
                "{\"name\":\"churn xgb (v2)\",\"tags\":{\"b\":\"2\",\"a\":\"1\"}}", CreateExperimentRequest.class));
        assertThat(draft.namespace()).isEqualTo("default");
        assertThat(draft.tags()).containsExactly(new Tag("a", "1"), new Tag("b", "2"));
    }

    @Test
    void an_experiment_needs_a_printable_name_and_a_valid_namespace() {
        RequestRejected rejected = rejection(() -> TrackingValidator.createExperiment(
                new CreateExperimentRequest("bad\u0007name", "Not A Namespace", null, null)));
        assertThat(rejected.errors()).extracting(FieldProblem::field).containsExactly("name", "namespace");
        assertThat(rejection(() -> TrackingValidator.createExperiment(
                new CreateExperimentRequest(null, null, null, null))).code()).isEqualTo("required");
        assertThat(rejection(() -> TrackingValidator.createExperiment(
                new CreateExperimentRequest("x".repeat(501), null, null, null))).field()).isEqualTo("name");
    }

    @Test
    void unknown_fields_are_refused_with_the_field_at_fault() {
        RequestRejected rejected = catchThrowableOfType(RequestRejected.class, () -> parse(
                "{\"params\":[{\"key\":\"a\",\"value\":\"1\",\"unit\":\"x\"}]}", LogBatchRequest.class));
        assertThat(rejected.code()).isEqualTo("unknown_field");
        assertThat(rejected.field()).isEqualTo("params[0].unit");
    }

    @Test
    void a_batch_converts_nan_and_infinities_times_and_default_steps() {
        var batch = TrackingValidator.logBatch(parse("{\"metrics\":["
                + "{\"key\":\"loss\",\"value\":\"NaN\",\"timestamp\":1767225600000},"
                + "{\"key\":\"loss\",\"value\":\"Infinity\",\"step\":1,\"timestamp\":\"2026-01-01T00:00:00+01:00\"},"
                + "{\"key\":\"loss\",\"value\":\"-Infinity\",\"step\":2},"
                + "{\"key\":\"acc\",\"value\":0.93}]}", LogBatchRequest.class));
        assertThat(batch.metrics()).extracting(MetricDraft::value)
                .containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.93);
        assertThat(batch.metrics()).extracting(MetricDraft::step).containsExactly(0L, 1L, 2L, 0L);
        assertThat(batch.metrics().get(0).timestamp()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(batch.metrics().get(1).timestamp()).isEqualTo(Instant.parse("2025-12-31T23:00:00Z"));
        assertThat(batch.metrics().get(2).timestamp()).as("absent: the request's time, set by the service").isNull();
    }

    @Test
    void metric_values_other_than_numbers_and_the_three_special_strings_are_refused() {
        for (String value : List.of("\"nan\"", "\"inf\"", "\"1.5\"", "true", "null", "{}")) {
            RequestRejected rejected = rejection(() -> TrackingValidator.logBatch(parse(
                    "{\"metrics\":[{\"key\":\"loss\",\"value\":" + value + "}]}", LogBatchRequest.class)));
            assertThat(rejected.field()).as(value).isEqualTo("metrics[0].value");
        }
    }

    @Test
    void bad_timestamps_are_refused_with_the_field() {
        for (String time : List.of("-1", "\"yesterday\"", "\"2026-01-01T00:00:00\"", "1.5", "true")) {
            RequestRejected rejected = rejection(() -> TrackingValidator.logBatch(parse(
                    "{\"metrics\":[{\"key\":\"loss\",\"value\":1,\"timestamp\":" + time + "}]}", LogBatchRequest.class)));
            assertThat(rejected.code()).as(time).isEqualTo("invalid_time");
            assertThat(rejected.field()).isEqualTo("metrics[0].timestamp");
        }
    }

    @Test
    void a_param_value_longer_than_6000_characters_is_refused() {
        RequestRejected rejected = rejection(() -> TrackingValidator.logBatch(parse(
                "{\"params\":[{\"key\":\"ok\",\"value\":\"1\"},{\"key\":\"huge\",\"value\":\"" + "x".repeat(6001)
                        + "\"}]}", LogBatchRequest.class)));
        assertThat(rejected.code()).isEqualTo("param_value_too_long");
        assertThat(rejected.field()).isEqualTo("params[1].value");
        TrackingValidator.logBatch(parse("{\"params\":[{\"key\":\"max\",\"value\":\"" + "x".repeat(6000) + "\"}]}",
                LogBatchRequest.class));
    }

    @Test
    void dotted_keys_as_mlflow_tags_are_accepted_and_keys_of_only_spaces_refused() {
        TrackingValidator.logBatch(parse("{\"params\":[{\"key\":\"optimizer.lr\",\"value\":\"0.1\"}],"
                + "\"metrics\":[{\"key\":\"val.loss\",\"value\":1},{\"key\":\"val\",\"value\":1}],"
                + "\"tags\":[{\"key\":\"mlflow.source.name\",\"value\":\"train.py\"},{\"key\":\" a b \",\"value\":\"v\"}]}",
                LogBatchRequest.class));
        RequestRejected rejected = rejection(() -> TrackingValidator.logBatch(parse(
                "{\"params\":[{\"key\":\"   \",\"value\":\"1\"}],\"tags\":[{\"key\":\" \",\"value\":\"v\"}]}",
                LogBatchRequest.class)));
        assertThat(rejected.errors()).extracting(FieldProblem::field, FieldProblem::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("params[0].key", "invalid_key"),
                org.assertj.core.groups.Tuple.tuple("tags[0].key", "invalid_key"));
    }

    @Test
    void keys_follow_mlflow_rules_and_tag_values_stop_at_8000_characters() {
        RequestRejected rejected = rejection(() -> TrackingValidator.logBatch(parse(
                "{\"metrics\":[{\"key\":\"a;drop\",\"value\":1}],\"tags\":[{\"key\":\"" + "k".repeat(251)
                        + "\",\"value\":\"v\"},{\"key\":\"t\",\"value\":\"" + "v".repeat(8001) + "\"}]}",
                LogBatchRequest.class)));
        assertThat(rejected.errors()).extracting(FieldProblem::field, FieldProblem::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("metrics[0].key", "invalid_key"),
                org.assertj.core.groups.Tuple.tuple("tags[0].key", "invalid_key"),
                org.assertj.core.groups.Tuple.tuple("tags[1].value", "too_long"));
    }

    @Test
    void a_batch_over_the_limits_is_refused_naming_the_limit() {
        RequestRejected metrics = rejection(() -> TrackingValidator.logBatch(parse(
                "{\"metrics\":" + metrics(1001) + "}", LogBatchRequest.class)));
        assertThat(metrics.code()).isEqualTo("batch_too_large");
        assertThat(metrics.field()).isEqualTo("metrics");
        assertThat(metrics.properties()).containsEntry("limit", 1000);
        String params = IntStream.range(0, 101).mapToObj(i -> "{\"key\":\"p" + i + "\",\"value\":\"1\"}")
                .collect(Collectors.joining(",", "[", "]"));
        RequestRejected tooManyParams = rejection(() -> TrackingValidator.logBatch(parse(
                "{\"params\":" + params + "}", LogBatchRequest.class)));
        assertThat(tooManyParams.field()).isEqualTo("params");
        assertThat(tooManyParams.properties()).containsEntry("limit", 100);
        assertThat(TrackingValidator.logBatch(parse("{\"metrics\":" + metrics(1000) + "}", LogBatchRequest.class))
                .metrics()).hasSize(1000);
    }

    @Test
    void ten_thousand_keys_are_refused_by_their_count_before_any_item_is_checked() {
        // every item is also invalid; the answer is the count alone, found without validating them
        String items = IntStream.range(0, 10_000).mapToObj(i -> "{\"key\":\"bad;key\",\"value\":\"x\"}")
                .collect(Collectors.joining(",", "[", "]"));
        RequestRejected rejected = rejection(() -> TrackingValidator.logBatch(parse(
                "{\"metrics\":" + items + "}", LogBatchRequest.class)));
        assertThat(rejected.errors()).hasSize(1);
        assertThat(rejected.code()).isEqualTo("batch_too_large");
    }

    @Test
    void a_run_needs_a_well_formed_experiment_id_and_valid_times() {
        RequestRejected rejected = rejection(() -> TrackingValidator.startRun(parse(
                "{\"experiment_id\":\"../etc\",\"start_time\":\"soon\"}", StartRunRequest.class)));
        assertThat(rejected.errors()).extracting(FieldProblem::field).containsExactly("experiment_id", "start_time");
        var draft = TrackingValidator.startRun(parse("{\"experiment_id\":\"" + EXPERIMENT + "\",\"start_time\":0,"
                + "\"environment\":{\"runtime\":\"python\",\"packages\":[\"numpy==2.1\"]}}", StartRunRequest.class));
        assertThat(draft.startTime()).isEqualTo(Instant.EPOCH);
        assertThat(draft.environment().packages()).containsExactly("numpy==2.1");
    }

    @Test
    void a_run_finishes_with_an_end_state_only() {
        assertThat(TrackingValidator.finish(new FinishRunRequest("failed", null)).status()).isEqualTo(RunStatus.FAILED);
        for (String status : List.of("RUNNING", "DONE", "")) {
            assertThat(rejection(() -> TrackingValidator.finish(new FinishRunRequest(status, null))).field())
                    .as(status).isEqualTo("status");
        }
        assertThat(rejection(() -> TrackingValidator.finish(new FinishRunRequest(null, null))).code())
                .isEqualTo("required");
    }

    @Test
    void ids_in_the_path_are_32_lower_case_hex_characters() {
        assertThat(TrackingValidator.id("run_id", EXPERIMENT)).isEqualTo(EXPERIMENT);
        for (String id : List.of("0123", EXPERIMENT.toUpperCase(), EXPERIMENT + "0", "' or 1=1 --")) {
            RequestRejected rejected = rejection(() -> TrackingValidator.id("run_id", id));
            assertThat(rejected.code()).isEqualTo("invalid_id");
            assertThat(rejected.field()).isEqualTo("run_id");
        }
    }
}
