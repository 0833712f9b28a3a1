package dev.modelregistry.projection.postgres;

import static dev.modelregistry.readmodel.jooq.Tables.EXPERIMENT;
import static dev.modelregistry.readmodel.jooq.Tables.RUN;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_ARTIFACT;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_INPUT;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_LATEST_METRIC;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_METRIC_BATCH;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_PARAM;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_TAG;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.modelregistry.events.tracking.TrackingEvent;
import dev.modelregistry.projection.core.Unnest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import dev.modelregistry.projection.core.BinaryCopyRows;
import java.sql.SQLException;
import org.jooq.exception.DataAccessException;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;

/**
 * The experiment-tracking rows of one batch (migration {@code V8__tracking.sql}). No loads: every write
 * is idempotent on its own, so a replayed event changes nothing. Rows one event creates (experiment,
 * run, param, input) are inserted with ON CONFLICT DO NOTHING on their natural key or the event's
 * position; metric points are grouped per (run, key, event) into one row of arrays in the event's order
 * ({@code V10__run_metric_batches.sql}), keyed by the event's position and appended with COPY
 * ({@link BinaryCopyRows}: the batch never applies an event twice, it skips those already in {@code audit_log});
 * rows later events change (experiment, run, tag, artifact) only by a newer position;
 * the latest metric of a key only by a better point (MLflow: higher step, then timestamp, then value),
 * which does not depend on the order the points arrive in. Several changes of one row in a batch are
 * reduced in memory first (one statement may not change a row twice). In a tracking rebuild the params,
 * tags, latest metrics and inputs are reduced over the whole replay instead ({@link TrackingReduction}).
 */
final class TrackingRows {

    private record NewExperiment(ExperimentCreated event, OffsetDateTime at, String actor, long position) {
    }

    private record ExperimentChange(String experimentId, String description, JSONB tags, OffsetDateTime at,
                                    long position) {
    }

    private record Deletion(String id, OffsetDateTime at, long position) {
    }

    private record NewRun(RunStarted event, OffsetDateTime at, String actor, long position) {
    }

    private record Finish(String runId, RunStatus status, OffsetDateTime endTime, long position) {
    }

    record RunKey(String runId, String key) {
    }

    record TagValue(String value, long position) {
    }

    /** The points of one key logged by one event, in the event's order, with their ordinals in the event. */
    private record MetricBatch(String runId, String key, long position, List<MetricPoint> points,
                               List<Integer> ordinals) {

        /** The row of {@code run_metric_batch}, in the order of {@link #COLUMNS}; min and max from the steps. */
        List<?> row() {
            int n = points.size();
            long[] steps = new long[n];
            Instant[] timestamps = new Instant[n];
            double[] values = new double[n];
            int[] ordinalArray = new int[n];
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int k = 0; k < n; k++) {
                MetricPoint point = points.get(k);
                steps[k] = point.step();
                timestamps[k] = point.timestamp();
                values[k] = point.value();
                ordinalArray[k] = ordinals.get(k);
                min = Math.min(min, steps[k]);
                max = Math.max(max, steps[k]);
            }
            return Arrays.asList(runId, key, position, steps, timestamps, values, ordinalArray, min, max);
        }

        static final List<? extends Field<?>> COLUMNS = List.of(RUN_METRIC_BATCH.RUN_ID,
                RUN_METRIC_BATCH.KEY, RUN_METRIC_BATCH.POSITION, RUN_METRIC_BATCH.STEPS, RUN_METRIC_BATCH.TIMESTAMPS,
                RUN_METRIC_BATCH.VALUES, RUN_METRIC_BATCH.ORDINALS, RUN_METRIC_BATCH.MIN_STEP, RUN_METRIC_BATCH.MAX_STEP);
    }

    record Input(String runId, DatasetInput input, long position) {

        /** The row's key in {@code run_input}: no context is stored as ''. */
        InputKey key() {
            return new InputKey(runId, input.name(), input.sha256(), context());
        }

        String context() {
            return Objects.requireNonNullElse(input.context(), "");
        }
    }

    record InputKey(String runId, String name, String sha256, String context) {
    }

    private record ArtifactFile(ManifestFile file, long position) {
    }

    /**
     * MLflow's latest metric: the highest step, then the latest timestamp, then the highest value (as a
     * comparator; written out, without boxing: a rebuild compares a million points).
     */
    static int latest(MetricPoint a, MetricPoint b) {
        int c = Long.compare(a.step(), b.step());
        if (c == 0) {
            c = a.timestamp().compareTo(b.timestamp());
        }
        return c != 0 ? c : Double.compare(a.value(), b.value());
    }

    private final List<NewExperiment> newExperiments = new ArrayList<>();
    private final Map<String, ExperimentChange> experimentChanges = new LinkedHashMap<>();
    private final Map<String, Deletion> experimentDeletions = new LinkedHashMap<>();
    private final List<NewRun> newRuns = new ArrayList<>();
    private final Map<String, Finish> finishes = new LinkedHashMap<>();
    private final Map<String, Deletion> runDeletions = new LinkedHashMap<>();
    // params, tags, latest metrics and inputs: written by flush, or reduced over a whole replay by the caller
    final Map<RunKey, Param> params = new LinkedHashMap<>();
    final Map<RunKey, TagValue> tags = new LinkedHashMap<>();
    private final List<MetricBatch> metricBatches = new ArrayList<>();
    final Map<RunKey, MetricPoint> latest = new LinkedHashMap<>();
    final List<Input> inputs = new ArrayList<>();
    private final Map<RunKey, ArtifactFile> artifacts = new LinkedHashMap<>();
    private final boolean reducedElsewhere;

    /** Rows that write everything in {@link #flush}. */
    TrackingRows() {
        this(false);
    }

    /**
     * @param reducedElsewhere {@link #flush} leaves params, tags, latest metrics and inputs to the caller
     *        ({@link TrackingReduction}, a rebuild), which merges them once the batch is committed
     */
    TrackingRows(boolean reducedElsewhere) {
        this.reducedElsewhere = reducedElsewhere;
    }

    /**
     * Never refuses: a run or experiment whose row is missing simply has nothing to change.
     *
     * @throws DataAccessException (SQLSTATE 22021) when rows are reduced elsewhere and a text of those rows
     *         holds NUL, which PostgreSQL refuses: the event is refused now, as the database would refuse
     *         it in the batch, not later when the reduced rows are written
     */
    String apply(TrackingEvent event, OffsetDateTime at, String actor, long position) {
        if (reducedElsewhere) {
            refuseWhatPostgresRefuses(event);
        }
        switch (event) {
            case ExperimentCreated e -> newExperiments.add(new NewExperiment(e, at, actor, position));
            case ExperimentUpdated e -> experimentChanges.put(e.experimentId(),
                    new ExperimentChange(e.experimentId(), e.description(), tagsJson(e.tags()), at, position));
            case ExperimentDeleted e -> experimentDeletions.put(e.experimentId(),
                    new Deletion(e.experimentId(), at, position));
            case RunStarted e -> {
                newRuns.add(new NewRun(e, at, actor, position));
                e.tags().forEach(t -> tag(e.runId(), t, position));
            }
            case RunDataLogged e -> {
                // the first value of a key stays (the command side refuses another one)
                e.params().forEach(p -> params.putIfAbsent(new RunKey(e.runId(), p.key()), p));
                e.tags().forEach(t -> tag(e.runId(), t, position));
                Map<String, MetricBatch> byKey = new LinkedHashMap<>();
                Map<String, MetricPoint> best = new HashMap<>(); // of the event, per key: one merge per key below
                int ordinal = 0;
                for (MetricPoint m : e.metrics()) {
                    MetricBatch keyBatch = byKey.get(m.key());
                    if (keyBatch == null) {
                        keyBatch = new MetricBatch(e.runId(), m.key(), position, new ArrayList<>(), new ArrayList<>());
                        byKey.put(m.key(), keyBatch);
                    }
                    keyBatch.points().add(m);
                    keyBatch.ordinals().add(ordinal++);
                    MetricPoint stored = best.get(m.key());
                    if (stored == null || latest(m, stored) > 0) {
                        best.put(m.key(), m); // the first of equal points stays, as in the merge below
                    }
                }
                best.forEach((key, m) -> latest.merge(new RunKey(e.runId(), key), m,
                        (a, b) -> latest(a, b) >= 0 ? a : b));
                metricBatches.addAll(byKey.values());
                e.inputs().forEach(i -> inputs.add(new Input(e.runId(), i, position)));
            }
            case RunArtifactsLogged e -> e.files().forEach(f ->
                    artifacts.put(new RunKey(e.runId(), f.path()), new ArtifactFile(f, position)));
            case RunFinished e -> finishes.put(e.runId(), new Finish(e.runId(), e.status(), time(e.endTime()), position));
            case RunDeleted e -> runDeletions.put(e.runId(), new Deletion(e.runId(), at, position));
        }
        return null;
    }

    private static void refuseWhatPostgresRefuses(TrackingEvent event) {
        List<String> texts = new ArrayList<>();
        switch (event) {
            case RunStarted e -> e.tags().forEach(t -> texts.addAll(Arrays.asList(t.key(), t.value())));
            case RunDataLogged e -> {
                e.params().forEach(p -> texts.addAll(Arrays.asList(p.key(), p.value())));
                e.tags().forEach(t -> texts.addAll(Arrays.asList(t.key(), t.value())));
                e.inputs().forEach(i -> texts.addAll(Arrays.asList(i.name(), i.sha256(), i.context(), i.source())));
            }
            default -> {
            }
        }
        for (String text : texts) {
            if (text != null && text.indexOf('\u0000') >= 0) {
                throw new DataAccessException("a text holds NUL", new SQLException(
                        "invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));
            }
        }
    }

    private void tag(String runId, Tag tag, long position) {
        tags.put(new RunKey(runId, tag.key()), new TagValue(tag.value(), position));
    }

    void flush(PostgresBatch batch) {
        var x = EXPERIMENT;
        batch.insert(x, List.of(x.EXPERIMENT_ID, x.NAMESPACE, x.NAME, x.DESCRIPTION, x.TAGS, x.CREATED_AT,
                        x.CREATED_BY, x.UPDATED_AT, x.LAST_POSITION), newExperiments,
                (NewExperiment n) -> Arrays.asList(n.event().experimentId(), n.event().namespace(), n.event().name(),
                        n.event().description(), tagsJson(n.event().tags()), n.at(), n.actor(), n.at(), n.position()));
        if (!experimentChanges.isEmpty()) {
            Unnest v = Unnest.of(List.of(x.EXPERIMENT_ID, x.DESCRIPTION, x.TAGS, x.UPDATED_AT,
                    x.LAST_POSITION), List.copyOf(experimentChanges.values()), (ExperimentChange c) ->
                    Arrays.asList(c.experimentId(), c.description(), c.tags(), c.at(), c.position()));
            batch.ctx().update(x)
                    .set(x.DESCRIPTION, v.field(x.DESCRIPTION))
                    .set(x.TAGS, v.field(x.TAGS))
                    .set(x.UPDATED_AT, v.field(x.UPDATED_AT))
                    .set(x.LAST_POSITION, v.field(x.LAST_POSITION))
                    .from(v.table())
                    .where(x.EXPERIMENT_ID.eq(v.field(x.EXPERIMENT_ID)))
                    .and(x.LAST_POSITION.lt(v.field(x.LAST_POSITION)))
                    .execute();
        }
        if (!experimentDeletions.isEmpty()) {
            Unnest v = Unnest.of(List.of(x.EXPERIMENT_ID, x.DELETED_AT, x.LAST_POSITION),
                    List.copyOf(experimentDeletions.values()), (Deletion d) -> Arrays.asList(d.id(), d.at(), d.position()));
            batch.ctx().update(x)
                    .set(x.DELETED_AT, v.field(x.DELETED_AT))
                    .set(x.UPDATED_AT, v.field(x.DELETED_AT))
                    .set(x.LAST_POSITION, v.field(x.LAST_POSITION))
                    .from(v.table())
                    .where(x.EXPERIMENT_ID.eq(v.field(x.EXPERIMENT_ID)))
                    .and(x.LAST_POSITION.lt(v.field(x.LAST_POSITION)))
                    .execute();
        }

        var r = RUN;
        batch.insert(r, List.of(r.RUN_ID, r.EXPERIMENT_ID, r.NAMESPACE, r.NAME, r.STATUS, r.START_TIME, r.CODE_COMMIT,
                        r.FRAMEWORK, r.FRAMEWORK_VERSION, r.ENVIRONMENT, r.CREATED_BY, r.LAST_POSITION), newRuns,
                (NewRun n) -> {
                    RunStarted e = n.event();
                    return Arrays.asList(e.runId(), e.experimentId(), e.namespace(), e.name(), RunStatus.RUNNING.name(),
                            e.startTime() == null ? n.at() : time(e.startTime()), e.codeCommit(), e.framework(),
                            e.frameworkVersion(), environment(e.environment()), n.actor(), n.position());
                });
        if (!finishes.isEmpty()) {
            Unnest v = Unnest.of(List.of(r.RUN_ID, r.STATUS, r.END_TIME, r.LAST_POSITION),
                    List.copyOf(finishes.values()), (Finish f) -> Arrays.asList(f.runId(), f.status().name(),
                            f.endTime(), f.position()));
            batch.ctx().update(r)
                    .set(r.STATUS, v.field(r.STATUS))
                    .set(r.END_TIME, v.field(r.END_TIME))
                    .set(r.LAST_POSITION, v.field(r.LAST_POSITION))
                    .from(v.table())
                    .where(r.RUN_ID.eq(v.field(r.RUN_ID)))
                    .and(r.LAST_POSITION.lt(v.field(r.LAST_POSITION)))
                    .execute();
        }
        if (!runDeletions.isEmpty()) {
            Unnest v = Unnest.of(List.of(r.RUN_ID, r.DELETED_AT, r.LAST_POSITION),
                    List.copyOf(runDeletions.values()), (Deletion d) -> Arrays.asList(d.id(), d.at(), d.position()));
            batch.ctx().update(r)
                    .set(r.DELETED_AT, v.field(r.DELETED_AT))
                    .set(r.LAST_POSITION, v.field(r.LAST_POSITION))
                    .from(v.table())
                    .where(r.RUN_ID.eq(v.field(r.RUN_ID)))
                    .and(r.LAST_POSITION.lt(v.field(r.LAST_POSITION)))
                    .execute();
        }

        if (!reducedElsewhere) {
            upsertParams(batch, List.copyOf(params.entrySet()));
            upsertTags(batch, List.copyOf(tags.entrySet()));
            upsertLatest(batch, List.copyOf(latest.entrySet()));
            insertInputs(batch, inputs);
        }
        // keyed by the position of an event applied for the first time: nothing to conflict with
        BinaryCopyRows.append(batch.ctx(), RUN_METRIC_BATCH, MetricBatch.COLUMNS, metricBatches, MetricBatch::row);

        var a = RUN_ARTIFACT;
        if (!artifacts.isEmpty()) {
            Unnest v = Unnest.of(List.of(a.RUN_ID, a.PATH, a.SHA256, a.SIZE, a.POSITION),
                    List.copyOf(artifacts.entrySet()), (Map.Entry<RunKey, ArtifactFile> e) -> Arrays.asList(
                            e.getKey().runId(), e.getKey().key(), e.getValue().file().sha256(),
                            e.getValue().file().size(), e.getValue().position()));
            batch.ctx().insertInto(a).columns(List.of(a.RUN_ID, a.PATH, a.SHA256, a.SIZE, a.POSITION))
                    .select(DSL.selectFrom(v.table()))
                    .onConflict(a.RUN_ID, a.PATH)
                    .doUpdate()
                    .set(a.SHA256, DSL.excluded(a.SHA256))
                    .set(a.SIZE, DSL.excluded(a.SIZE))
                    .set(a.POSITION, DSL.excluded(a.POSITION))
                    .where(a.POSITION.lt(DSL.excluded(a.POSITION)))
                    .execute();
        }
    }

    // ------------------------------------------------ params, tags, latest metrics, inputs (also TrackingReduction)

    static final List<Field<?>> PARAM_COLUMNS = List.of(RUN_PARAM.RUN_ID, RUN_PARAM.KEY, RUN_PARAM.VALUE);
    static final List<Field<?>> TAG_COLUMNS = List.of(RUN_TAG.RUN_ID, RUN_TAG.KEY, RUN_TAG.VALUE, RUN_TAG.POSITION);
    static final List<Field<?>> LATEST_COLUMNS = List.of(RUN_LATEST_METRIC.RUN_ID, RUN_LATEST_METRIC.KEY,
            RUN_LATEST_METRIC.VALUE, RUN_LATEST_METRIC.STEP, RUN_LATEST_METRIC.TIMESTAMP);
    static final List<Field<?>> INPUT_COLUMNS = List.of(RUN_INPUT.RUN_ID, RUN_INPUT.NAME, RUN_INPUT.SHA256,
            RUN_INPUT.CONTEXT, RUN_INPUT.SOURCE, RUN_INPUT.POSITION);

    static List<?> paramRow(Map.Entry<RunKey, Param> e) {
        return Arrays.asList(e.getKey().runId(), e.getKey().key(), e.getValue().value());
    }

    static List<?> tagRow(Map.Entry<RunKey, TagValue> e) {
        return Arrays.asList(e.getKey().runId(), e.getKey().key(), e.getValue().value(), e.getValue().position());
    }

    static List<?> latestRow(Map.Entry<RunKey, MetricPoint> e) {
        return Arrays.asList(e.getKey().runId(), e.getKey().key(), e.getValue().value(), e.getValue().step(),
                time(e.getValue().timestamp()));
    }

    static List<?> inputRow(Input i) {
        return Arrays.asList(i.runId(), i.input().name(), i.input().sha256(), i.context(), i.input().source(),
                i.position());
    }

    /** The first value of a key stays. */
    static void upsertParams(PostgresBatch batch, List<Map.Entry<RunKey, Param>> params) {
        batch.insert(RUN_PARAM, PARAM_COLUMNS, params, TrackingRows::paramRow);
    }

    /** A tag's value of a later position replaces the stored one. */
    static void upsertTags(PostgresBatch batch, List<Map.Entry<RunKey, TagValue>> tags) {
        var t = RUN_TAG;
        if (tags.isEmpty()) {
            return;
        }
        Unnest v = Unnest.of(TAG_COLUMNS, tags, TrackingRows::tagRow);
        batch.ctx().insertInto(t).columns(TAG_COLUMNS)
                .select(DSL.selectFrom(v.table()))
                .onConflict(t.RUN_ID, t.KEY)
                .doUpdate()
                .set(t.VALUE, DSL.excluded(t.VALUE))
                .set(t.POSITION, DSL.excluded(t.POSITION))
                .where(t.POSITION.lt(DSL.excluded(t.POSITION)))
                .execute();
    }

    /** A better point replaces the stored one; row comparison orders NaN above every number as Java does. */
    static void upsertLatest(PostgresBatch batch, List<Map.Entry<RunKey, MetricPoint>> latest) {
        var l = RUN_LATEST_METRIC;
        if (latest.isEmpty()) {
            return;
        }
        Unnest v = Unnest.of(LATEST_COLUMNS, latest, TrackingRows::latestRow);
        batch.ctx().insertInto(l).columns(LATEST_COLUMNS)
                .select(DSL.selectFrom(v.table()))
                .onConflict(l.RUN_ID, l.KEY)
                .doUpdate()
                .set(l.VALUE, DSL.excluded(l.VALUE))
                .set(l.STEP, DSL.excluded(l.STEP))
                .set(l.TIMESTAMP, DSL.excluded(l.TIMESTAMP))
                .where(DSL.row(l.STEP, l.TIMESTAMP, l.VALUE).lt(DSL.row(
                        DSL.excluded(l.STEP), DSL.excluded(l.TIMESTAMP),
                        DSL.excluded(l.VALUE))))
                .execute();
    }

    /** The first row of a (run, name, digest, context) stays. */
    static void insertInputs(PostgresBatch batch, List<Input> inputs) {
        batch.insert(RUN_INPUT, INPUT_COLUMNS, inputs, TrackingRows::inputRow);
    }

    private static JSONB tagsJson(List<Tag> tags) {
        Map<String, String> map = new TreeMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return PostgresBatch.writeMap(map);
    }

    private static JSONB environment(RunEnvironment environment) {
        if (environment == null) {
            return null;
        }
        ObjectNode node = PostgresState.JSON.createObjectNode();
        node.put("runtime", environment.runtime());
        node.put("runtime_version", environment.runtimeVersion());
        environment.packages().forEach(node.putArray("packages")::add);
        node.put("container_image_digest", environment.containerImageDigest());
        node.put("host", environment.host());
        try {
            return JSONB.valueOf(PostgresState.JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
