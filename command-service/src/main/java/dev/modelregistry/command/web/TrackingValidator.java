package dev.modelregistry.command.web;

import dev.modelregistry.access.Namespaces;
import dev.modelregistry.command.tracking.Tracking.MetricDraft;
import dev.modelregistry.command.tracking.Tracking.RunDraft;
import dev.modelregistry.command.web.RequestRejected.FieldProblem;
import dev.modelregistry.command.web.TrackingRequests.CreateExperimentRequest;
import dev.modelregistry.command.web.TrackingRequests.EnvironmentRequest;
import dev.modelregistry.command.web.TrackingRequests.FinishRunRequest;
import dev.modelregistry.command.web.TrackingRequests.InputRequest;
import dev.modelregistry.command.web.TrackingRequests.KeyValueRequest;
import dev.modelregistry.command.web.TrackingRequests.LogBatchRequest;
import dev.modelregistry.command.web.TrackingRequests.MetricRequest;
import dev.modelregistry.command.web.TrackingRequests.StartRunRequest;
import dev.modelregistry.command.web.TrackingRequests.UpdateExperimentRequest;
import dev.modelregistry.events.tracking.DatasetInput;
import dev.modelregistry.events.tracking.Param;
import dev.modelregistry.events.tracking.RunEnvironment;
import dev.modelregistry.events.tracking.RunStatus;
import dev.modelregistry.events.tracking.Tag;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Field rules of the experiment tracking endpoints (MLflow's limits), every problem reported at once like
 * {@link RequestValidator}. Pure: no Spring, no I/O.
 *
 * <p>Ids are 32 lower-case hex characters. Experiment and run names 1-500 characters without control
 * characters; namespaces per {@link Namespaces} (default {@code default}). Keys of params, metrics and tags
 * 1-250 of {@code A-Z a-z 0-9 _ - . / space}; param values at most 6,000 characters
 * ({@code param_value_too_long}), tag values 8,000. One batch holds at most 1,000 metrics, 100 params,
 * 100 tags and 100 inputs ({@code batch_too_large} with the {@code limit}); the sizes are checked before
 * any item is looked at, so an oversized batch costs its parsing only. Metric values are JSON numbers or
 * the strings "NaN", "Infinity", "-Infinity"; times epoch milliseconds or RFC 3339; steps default to 0.
 */
final class TrackingValidator {

    static final int MAX_NAME = 500;
    static final int MAX_PARAM_VALUE = 6000;
    static final int MAX_TAG_VALUE = 8000;
    static final int MAX_METRICS = 1000;
    static final int MAX_PARAMS = 100;
    static final int MAX_TAGS = 100;
    static final int MAX_INPUTS = 100;
    static final int MAX_SHORT_TEXT = 250;
    static final int MAX_SOURCE = 2048;
    static final int MAX_PACKAGES = 1000;

    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** A validated experiment body. */
    record ExperimentDraft(String namespace, String name, String description, List<Tag> tags) {
    }

    /** A validated batch. */
    record Batch(List<Param> params, List<MetricDraft> metrics, List<Tag> tags, List<DatasetInput> inputs) {
    }

    /** A validated finish. */
    record Finish(RunStatus status, Instant endTime) {
    }

    private final List<FieldProblem> problems = new ArrayList<>();

    private TrackingValidator() {
    }

    // ------------------------------------------------------------------------------ per request

    /** An {@code experiment_id} or {@code run_id} of the path. */
    static String id(String field, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw RequestRejected.invalid(List.of(new FieldProblem(field, ProblemTypes.INVALID_ID,
                    "An id is 32 lower-case hex characters.")));
        }
        return value;
    }

    static ExperimentDraft createExperiment(CreateExperimentRequest body) {
        TrackingValidator v = new TrackingValidator();
        String name = v.name("name", body.name(), true);
        String namespace = body.namespace() == null ? Namespaces.DEFAULT : body.namespace();
        Namespaces.problem(namespace).ifPresent(problem -> v.add("namespace", ProblemTypes.INVALID_NAME, problem));
        String description = v.description(body.description());
        List<Tag> tags = v.tagMap("tags", body.tags());
        v.throwIfAny();
        return new ExperimentDraft(namespace, name, description, tags);
    }

    /** The description (null: unchanged) and the tags (null: unchanged). */
    static ExperimentDraft updateExperiment(UpdateExperimentRequest body) {
        TrackingValidator v = new TrackingValidator();
        String description = v.description(body.description());
        List<Tag> tags = body.tags() == null ? null : v.tagMap("tags", body.tags());
        v.throwIfAny();
        return new ExperimentDraft(null, null, description, tags);
    }

    static RunDraft startRun(StartRunRequest body) {
        TrackingValidator v = new TrackingValidator();
        String experimentId = body.experimentId();
        if (experimentId == null) {
            v.add("experiment_id", ProblemTypes.REQUIRED, "The run's experiment_id is required.");
        } else if (!ID.matcher(experimentId).matches()) {
            v.add("experiment_id", ProblemTypes.INVALID_ID, "An id is 32 lower-case hex characters.");
        }
        String name = v.name("name", body.name(), false);
        List<Tag> tags = v.tagMap("tags", body.tags());
        Instant startTime = v.time("start_time", body.startTime());
        String codeCommit = v.shortText("code_commit", body.codeCommit());
        String framework = v.shortText("framework", body.framework());
        String frameworkVersion = v.shortText("framework_version", body.frameworkVersion());
        RunEnvironment environment = v.environment(body.environment());
        v.throwIfAny();
        return new RunDraft(experimentId, name, tags, startTime, codeCommit, framework, frameworkVersion, environment);
    }

    static Batch logBatch(LogBatchRequest body) {
        List<KeyValueRequest> params = body.params() == null ? List.of() : body.params();
        List<MetricRequest> metrics = body.metrics() == null ? List.of() : body.metrics();
        List<KeyValueRequest> tags = body.tags() == null ? List.of() : body.tags();
        List<InputRequest> inputs = body.inputs() == null ? List.of() : body.inputs();
        // sizes first: an oversized batch is refused before any item is validated or converted
        tooLarge("metrics", metrics.size(), MAX_METRICS);
        tooLarge("params", params.size(), MAX_PARAMS);
        tooLarge("tags", tags.size(), MAX_TAGS);
        tooLarge("inputs", inputs.size(), MAX_INPUTS);

        TrackingValidator v = new TrackingValidator();
        List<Param> validParams = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            String field = "params[" + i + "]";
            KeyValueRequest param = params.get(i);
            if (param == null) {
                v.add(field, ProblemTypes.REQUIRED, "A param has a key and a value.");
                continue;
            }
            String key = v.key(field + ".key", param.key());
            String value = param.value();
            if (value == null) {
                v.add(field + ".value", ProblemTypes.REQUIRED, "A param's value is required (a string).");
            } else if (value.length() > MAX_PARAM_VALUE) {
                v.add(field + ".value", ProblemTypes.PARAM_VALUE_TOO_LONG, "A param value has at most "
                        + MAX_PARAM_VALUE + " characters (this one has " + value.length() + ").");
            }
            validParams.add(new Param(key, value));
        }
        List<MetricDraft> validMetrics = new ArrayList<>(metrics.size());
        for (int i = 0; i < metrics.size(); i++) {
            String field = "metrics[" + i + "]";
            MetricRequest metric = metrics.get(i);
            if (metric == null) {
                v.add(field, ProblemTypes.REQUIRED, "A metric has a key and a value.");
                continue;
            }
            String key = v.key(field + ".key", metric.key());
            Double value = v.metricValue(field + ".value", metric.value());
            Instant timestamp = v.time(field + ".timestamp", metric.timestamp());
            long step = metric.step() == null ? 0 : metric.step();
            if (value != null) {
                validMetrics.add(new MetricDraft(key, value, step, timestamp));
            }
        }
        List<Tag> validTags = new ArrayList<>(tags.size());
        for (int i = 0; i < tags.size(); i++) {
            String field = "tags[" + i + "]";
            KeyValueRequest tag = tags.get(i);
            if (tag == null) {
                v.add(field, ProblemTypes.REQUIRED, "A tag has a key and a value.");
                continue;
            }
            validTags.add(new Tag(v.key(field + ".key", tag.key()), v.tagValue(field + ".value", tag.value())));
        }
        List<DatasetInput> validInputs = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            String field = "inputs[" + i + "]";
            InputRequest input = inputs.get(i);
            if (input == null) {
                v.add(field, ProblemTypes.REQUIRED, "An input has a name and a sha256 digest.");
                continue;
            }
            String name = v.name(field + ".name", input.name(), true);
            if (input.sha256() == null) {
                v.add(field + ".sha256", ProblemTypes.REQUIRED, "The dataset's SHA-256 digest is required.");
            } else if (!SHA256.matcher(input.sha256()).matches()) {
                v.add(field + ".sha256", ProblemTypes.INVALID_SHA256, "A SHA-256 digest is 64 lower-case hex digits.");
            }
            String source = v.text(field + ".source", input.source(), MAX_SOURCE);
            String context = v.shortText(field + ".context", input.context());
            validInputs.add(new DatasetInput(name, input.sha256(), source, context));
        }
        v.throwIfAny();
        return new Batch(validParams, validMetrics, validTags, validInputs);
    }

    static Finish finish(FinishRunRequest body) {
        TrackingValidator v = new TrackingValidator();
        RunStatus status = null;
        if (body.status() == null) {
            v.add("status", ProblemTypes.REQUIRED, "The end status is required: FINISHED, FAILED or KILLED.");
        } else {
            try {
                status = RunStatus.valueOf(body.status().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                status = null;
            }
            if (status == null || status == RunStatus.RUNNING) {
                v.add("status", ProblemTypes.INVALID_VALUE, "A run ends with FINISHED, FAILED or KILLED.");
                status = null;
            }
        }
        Instant endTime = v.time("end_time", body.endTime());
        v.throwIfAny();
        return new Finish(status, endTime);
    }

    // ------------------------------------------------------------------------------ fields

    private static void tooLarge(String field, int size, int limit) {
        if (size > limit) {
            throw RequestRejected.invalid(List.of(new FieldProblem(field, ProblemTypes.BATCH_TOO_LARGE,
                    "One batch holds at most " + limit + " " + field + " (this one has " + size + "); split it.")))
                    .withProperty("limit", limit);
        }
    }

    private String name(String field, String value, boolean required) {
        if (value == null || value.isEmpty()) {
            if (required) {
                add(field, ProblemTypes.REQUIRED, "A name (1-" + MAX_NAME + " characters) is required.");
            } else if (value != null) {
                add(field, ProblemTypes.INVALID_NAME, "A name has 1-" + MAX_NAME + " characters (leave it out for none).");
            }
            return value;
        }
        if (value.length() > MAX_NAME || value.isBlank() || RequestValidator.hasControlCharacters(value, false)) {
            add(field, ProblemTypes.INVALID_NAME, "A name has 1-" + MAX_NAME + " printable characters, not only spaces.");
        }
        return value;
    }

    private String description(String value) {
        if (value != null && (value.length() > RequestValidator.MAX_DESCRIPTION
                || RequestValidator.hasControlCharacters(value, true))) {
            add("description", ProblemTypes.INVALID_VALUE, "At most " + RequestValidator.MAX_DESCRIPTION
                    + " characters, no control characters other than line breaks and tabs.");
        }
        return value;
    }

    /** Tags given as an object {key: value}, sorted by key (the same tags are always the same event). */
    private List<Tag> tagMap(String field, Map<String, String> values) {
        if (values == null) {
            return List.of();
        }
        if (values.size() > MAX_TAGS) {
            add(field, ProblemTypes.TOO_MANY, "At most " + MAX_TAGS + " tags.");
            return List.of();
        }
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String key = entry.getKey();
            if (!RequestValidator.isKey(key)) {
                add(field, ProblemTypes.INVALID_KEY, "Tag key '" + printable(key) + "' must be "
                        + RequestValidator.KEY_RULE + ".");
                continue;
            }
            sorted.put(key, tagValue(field + "." + key, entry.getValue()));
        }
        List<Tag> tags = new ArrayList<>(sorted.size());
        sorted.forEach((key, value) -> tags.add(new Tag(key, value)));
        return tags;
    }

    private String tagValue(String field, String value) {
        if (value == null) {
            add(field, ProblemTypes.REQUIRED, "A tag's value is required (a string).");
        } else if (value.length() > MAX_TAG_VALUE) {
            add(field, ProblemTypes.TOO_LONG, "A tag value has at most " + MAX_TAG_VALUE + " characters.");
        }
        return value;
    }

    private String key(String field, String value) {
        if (value == null || value.isEmpty()) {
            add(field, ProblemTypes.REQUIRED, "A key is required.");
        } else if (!RequestValidator.isKey(value)) {
            add(field, ProblemTypes.INVALID_KEY, "A key is " + RequestValidator.KEY_RULE + ".");
        }
        return value;
    }

    private Double metricValue(String field, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            add(field, ProblemTypes.REQUIRED, "A metric's value is required.");
            return null;
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isString()) {
            switch (value.stringValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        add(field, ProblemTypes.NOT_A_NUMBER, "A metric value is a JSON number or one of the strings \"NaN\", "
                + "\"Infinity\", \"-Infinity\".");
        return null;
    }

    /** Epoch milliseconds (an integral JSON number) or an RFC 3339 string; null when absent. */
    private Instant time(String field, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            long millis = value.longValue();
            if (millis >= 0 && millis <= 253402300799999L) {
                return Instant.ofEpochMilli(millis);
            }
        } else if (value.isString()) {
            try {
                return OffsetDateTime.parse(value.stringValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                // answered below
            }
        }
        add(field, ProblemTypes.INVALID_TIME, "A time is epoch milliseconds (0 to year 9999) or RFC 3339 with an "
                + "offset, e.g. 2026-01-31T00:00:00Z.");
        return null;
    }

    private RunEnvironment environment(EnvironmentRequest environment) {
        if (environment == null) {
            return null;
        }
        List<String> packages = environment.packages() == null ? List.of() : environment.packages();
        if (packages.size() > MAX_PACKAGES) {
            add("environment.packages", ProblemTypes.TOO_MANY, "At most " + MAX_PACKAGES + " packages.");
        } else {
            for (int i = 0; i < packages.size(); i++) {
                String field = "environment.packages[" + i + "]";
                if (packages.get(i) == null || packages.get(i).isEmpty()) {
                    add(field, ProblemTypes.REQUIRED, "A package is a name==version line.");
                } else {
                    shortText(field, packages.get(i));
                }
            }
        }
        return new RunEnvironment(shortText("environment.runtime", environment.runtime()),
                shortText("environment.runtime_version", environment.runtimeVersion()), packages,
                shortText("environment.container_image_digest", environment.containerImageDigest()),
                shortText("environment.host", environment.host()));
    }

    private String shortText(String field, String value) {
        return text(field, value, MAX_SHORT_TEXT);
    }

    private String text(String field, String value, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            add(field, ProblemTypes.TOO_LONG, "At most " + max + " characters.");
        } else if (RequestValidator.hasControlCharacters(value, false)) {
            add(field, ProblemTypes.CONTROL_CHARACTERS, "Control characters are not allowed.");
        }
        return value;
    }

    private static String printable(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        StringBuilder out = new StringBuilder();
        cut.codePoints().forEach(cp -> {
            if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private void add(String field, String code, String detail) {
        problems.add(new FieldProblem(field, code, detail));
    }

    private void throwIfAny() {
        if (!problems.isEmpty()) {
            throw RequestRejected.invalid(problems);
        }
    }

}
