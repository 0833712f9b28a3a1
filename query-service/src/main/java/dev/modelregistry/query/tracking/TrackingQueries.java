package dev.modelregistry.query.tracking;

import static dev.modelregistry.readmodel.jooq.Tables.EXPERIMENT;
import static dev.modelregistry.readmodel.jooq.Tables.RUN;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_ARTIFACT;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_INPUT;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_LATEST_METRIC;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_METRIC_BATCH;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_PARAM;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_TAG;
import static org.jooq.impl.DSL.noCondition;

import dev.modelregistry.query.support.JsonColumns;
import dev.modelregistry.query.support.ReadModelDatabase;
import dev.modelregistry.query.support.Scopes;
import dev.modelregistry.query.tracking.TrackingViews.Artifact;
import dev.modelregistry.query.tracking.TrackingViews.Experiment;
import dev.modelregistry.query.tracking.TrackingViews.Input;
import dev.modelregistry.query.tracking.TrackingViews.LatestMetric;
import dev.modelregistry.query.tracking.TrackingViews.MetricHistory;
import dev.modelregistry.query.tracking.TrackingViews.MetricPoint;
import dev.modelregistry.query.tracking.TrackingViews.Run;
import dev.modelregistry.query.tracking.TrackingViews.RunSummary;
import dev.modelregistry.query.web.Page;
import dev.modelregistry.query.web.PageTokenCodec;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Component;

/**
 * Experiments and runs from the read model (migration V8; metric histories stored per batch, V10).
 * Metric values are double precision: PostgreSQL orders NaN above every number, which listings rely on
 * to keep NaN after every number (sorting by a metric puts runs with NaN, then runs without the metric,
 * last in either direction).
 */
@Component("queryTrackingQueries")
class TrackingQueries {

    /** A run of an experiment in a listing, with the namespace the caller must be able to read. */
    record RunRef(String runId, String experimentId, String namespace) {
    }

    /** How a listing of runs is sorted: by start time (newest first) or by the latest value of a metric. */
    record RunOrder(String metric, boolean descending) {
    }

    private final ReadModelDatabase database;
    private final PageTokenCodec tokens;

    TrackingQueries(ReadModelDatabase database, PageTokenCodec tokens) {
        this.database = database;
        this.tokens = tokens;
    }

    private DSLContext dsl() {
        return database.dsl();
    }

    // ---------------------------------------------------------------- experiments

    /** @param readable the namespaces to list; null for every namespace */
    Page<Experiment> experiments(Set<String> readable, String namespace, int pageSize, String pageToken) {
        String scope = Scopes.of("experiments", namespace);
        var x = EXPERIMENT;
        Condition after = noCondition();
        if (pageToken != null) {
            List<Object> cursor = tokens.decode(scope, pageToken);
            if (cursor.size() != 3 || !(cursor.get(0) instanceof String ns) || !(cursor.get(1) instanceof String name)
                    || !(cursor.get(2) instanceof String id)) {
                throw invalidToken();
            }
            after = DSL.row(x.NAMESPACE, x.NAME, x.EXPERIMENT_ID).gt(ns, name, id);
        }
        List<Experiment> rows = dsl().select(experimentFields()).from(x)
                .where(x.DELETED_AT.isNull())
                .and(readable == null ? noCondition() : x.NAMESPACE.in(readable))
                .and(namespace == null ? noCondition() : x.NAMESPACE.eq(namespace))
                .and(after)
                .orderBy(x.NAMESPACE, x.NAME, x.EXPERIMENT_ID)
                .limit(pageSize + 1)
                .fetch(this::experiment);
        return Page.of(rows, pageSize, last -> tokens.encode(scope, List.of(last.namespace(), last.name(),
                last.experimentId())));
    }

    /** @throws QueryException 404 {@code experiment_not_found} (also when deleted) */
    Experiment experiment(String experimentId) {
        var x = EXPERIMENT;
        return dsl().select(experimentFields()).from(x)
                .where(x.EXPERIMENT_ID.eq(experimentId)).and(x.DELETED_AT.isNull())
                .fetchOptional(this::experiment)
                .orElseThrow(() -> new QueryException(ProblemType.EXPERIMENT_NOT_FOUND, "experiment_id",
                        "Experiment '" + experimentId + "' does not exist"));
    }

    private static List<Field<?>> experimentFields() {
        var x = EXPERIMENT;
        return List.of(x.EXPERIMENT_ID, x.NAMESPACE, x.NAME, x.DESCRIPTION, x.TAGS, x.CREATED_AT, x.CREATED_BY,
                x.UPDATED_AT);
    }

    private Experiment experiment(Record r) {
        var x = EXPERIMENT;
        return new Experiment(r.get(x.EXPERIMENT_ID), r.get(x.NAMESPACE), r.get(x.NAME), r.get(x.DESCRIPTION),
                JsonColumns.stringMap(r.get(x.TAGS)), JsonColumns.instant(r.get(x.CREATED_AT)), r.get(x.CREATED_BY),
                JsonColumns.instant(r.get(x.UPDATED_AT)));
    }

    // ---------------------------------------------------------------- runs of an experiment

    /**
     * Runs of an experiment (not deleted), filtered by status and by minimum latest metric values
     * (finite values only), sorted by start time or a metric.
     */
    Page<RunSummary> runs(String experimentId, String status, Map<String, Double> minimums, RunOrder order,
                          int pageSize, String pageToken) {
        var r = RUN;
        Condition where = r.EXPERIMENT_ID.eq(experimentId).and(r.DELETED_AT.isNull())
                .and(status == null ? noCondition() : r.STATUS.eq(status));
        for (Map.Entry<String, Double> min : new TreeMap<>(minimums).entrySet()) {
            var l = RUN_LATEST_METRIC;
            where = where.andExists(DSL.selectOne().from(l).where(l.RUN_ID.eq(r.RUN_ID)).and(l.KEY.eq(min.getKey()))
                    .and(l.VALUE.ge(min.getValue())).and(l.VALUE.ne(Double.NaN)));
        }
        String scope = Scopes.of("runs", experimentId, status, new TreeMap<>(minimums), order.metric(),
                order.descending());
        List<Object> cursor = pageToken == null ? null : tokens.decode(scope, pageToken);
        if (order.metric() == null) {
            if (cursor != null) {
                if (cursor.size() != 2 || !(cursor.get(0) instanceof String time) || !(cursor.get(1) instanceof String id)) {
                    throw invalidToken();
                }
                where = where.and(DSL.row(r.START_TIME, r.RUN_ID).lt(parseTime(time), id));
            }
            List<RunSummary> rows = summaries(dsl().select(r.RUN_ID).from(r).where(where)
                    .orderBy(r.START_TIME.desc(), r.RUN_ID.desc()).limit(pageSize + 1).fetch(r.RUN_ID));
            return Page.of(rows, pageSize, last -> tokens.encode(scope, List.of(last.startTime().toString(),
                    last.runId())));
        }
        // (rank, signed value, run id) ascending: rank 0 numbers, 1 NaN, 2 no value; the value negated
        // for descending order (-Infinity < numbers < Infinity either way round)
        var l = RUN_LATEST_METRIC.as("m");
        Field<Integer> rank = DSL.when(l.VALUE.isNull(), 2).when(l.VALUE.eq(Double.NaN), 1).otherwise(0);
        Field<Double> signed = DSL.coalesce(order.descending() ? l.VALUE.neg() : l.VALUE, 0.0);
        Field<Double> sortValue = DSL.when(rank.eq(0), signed).otherwise(0.0);
        if (cursor != null) {
            if (cursor.size() != 3 || !(cursor.get(0) instanceof Long k) || !(cursor.get(1) instanceof Double v)
                    || !(cursor.get(2) instanceof String id)) {
                throw invalidToken();
            }
            where = where.and(DSL.row(rank, sortValue, r.RUN_ID).gt(k.intValue(), v, id));
        }
        record Key(String runId, int rank, double value) {
        }
        List<Key> keys = dsl().select(r.RUN_ID, rank, sortValue).from(r)
                .leftJoin(l).on(l.RUN_ID.eq(r.RUN_ID)).and(l.KEY.eq(order.metric()))
                .where(where)
                .orderBy(rank, sortValue, r.RUN_ID).limit(pageSize + 1)
                .fetch(x -> new Key(x.value1(), x.value2(), x.value3()));
        Map<String, Key> byId = new LinkedHashMap<>();
        keys.forEach(k -> byId.put(k.runId(), k));
        List<RunSummary> rows = summaries(List.copyOf(byId.keySet()));
        return Page.of(rows, pageSize, last -> {
            Key k = byId.get(last.runId());
            return tokens.encode(scope, List.of(k.rank(), k.value(), k.runId()));
        });
    }

    /** The run whose latest value of {@code metric} is the highest (or lowest), NaN never best; empty if none. */
    java.util.Optional<RunSummary> best(String experimentId, String metric, boolean max) {
        var r = RUN;
        var l = RUN_LATEST_METRIC;
        List<String> id = dsl().select(r.RUN_ID).from(r).join(l).on(l.RUN_ID.eq(r.RUN_ID)).and(l.KEY.eq(metric))
                .where(r.EXPERIMENT_ID.eq(experimentId)).and(r.DELETED_AT.isNull()).and(l.VALUE.ne(Double.NaN))
                .orderBy(max ? l.VALUE.desc() : l.VALUE.asc(), r.START_TIME.asc(), r.RUN_ID.asc())
                .limit(1).fetch(r.RUN_ID);
        return summaries(id).stream().findFirst();
    }

    /** Summaries of the runs in the given order (two statements). */
    private List<RunSummary> summaries(List<String> runIds) {
        if (runIds.isEmpty()) {
            return List.of();
        }
        var l = RUN_LATEST_METRIC;
        Map<String, Map<String, Object>> metrics = new LinkedHashMap<>();
        dsl().select(l.RUN_ID, l.KEY, l.VALUE).from(l).where(l.RUN_ID.in(runIds)).orderBy(l.RUN_ID, l.KEY)
                .forEach(x -> metrics.computeIfAbsent(x.value1(), k -> new TreeMap<>())
                        .put(x.value2(), TrackingViews.metricValue(x.value3())));
        var r = RUN;
        Map<String, RunSummary> byId = new LinkedHashMap<>();
        dsl().select(r.RUN_ID, r.EXPERIMENT_ID, r.NAME, r.STATUS, r.START_TIME, r.END_TIME).from(r)
                .where(r.RUN_ID.in(runIds))
                .forEach(x -> byId.put(x.value1(), new RunSummary(x.value1(), x.value2(), x.value3(), x.value4(),
                        JsonColumns.instant(x.value5()), JsonColumns.instant(x.value6()),
                        duration(x.value5(), x.value6()), metrics.getOrDefault(x.value1(), Map.of()))));
        return runIds.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    // ---------------------------------------------------------------- one run

    /** @throws QueryException 404 {@code run_not_found} (also when deleted) */
    RunRef runRef(String runId, String field) {
        var r = RUN;
        return dsl().select(r.RUN_ID, r.EXPERIMENT_ID, r.NAMESPACE).from(r)
                .where(r.RUN_ID.eq(runId)).and(r.DELETED_AT.isNull())
                .fetchOptional(x -> new RunRef(x.value1(), x.value2(), x.value3()))
                .orElseThrow(() -> new QueryException(ProblemType.RUN_NOT_FOUND, field,
                        "Run '" + runId + "' does not exist"));
    }

    /**
     * The runs (not deleted) by id, in one statement.
     *
     * @throws QueryException 404 {@code run_not_found} naming {@code field} for the first id that is missing
     */
    List<RunRef> runRefs(Collection<String> runIds, String field) {
        var r = RUN;
        Map<String, RunRef> found = new LinkedHashMap<>();
        dsl().select(r.RUN_ID, r.EXPERIMENT_ID, r.NAMESPACE).from(r)
                .where(r.RUN_ID.in(runIds)).and(r.DELETED_AT.isNull())
                .forEach(x -> found.put(x.value1(), new RunRef(x.value1(), x.value2(), x.value3())));
        List<RunRef> refs = new ArrayList<>(runIds.size());
        for (String id : runIds) {
            RunRef ref = found.get(id);
            if (ref == null) {
                throw new QueryException(ProblemType.RUN_NOT_FOUND, field, "Run '" + id + "' does not exist");
            }
            refs.add(ref);
        }
        return refs;
    }

    /** The runs, whole, in the order given (six statements whatever their number). */
    List<Run> runs(Collection<String> runIds) {
        var p = RUN_PARAM;
        Map<String, Map<String, String>> params = new LinkedHashMap<>();
        dsl().select(p.RUN_ID, p.KEY, p.VALUE).from(p).where(p.RUN_ID.in(runIds))
                .forEach(x -> params.computeIfAbsent(x.value1(), k -> new TreeMap<>()).put(x.value2(), x.value3()));
        var t = RUN_TAG;
        Map<String, Map<String, String>> tags = new LinkedHashMap<>();
        dsl().select(t.RUN_ID, t.KEY, t.VALUE).from(t).where(t.RUN_ID.in(runIds))
                .forEach(x -> tags.computeIfAbsent(x.value1(), k -> new TreeMap<>()).put(x.value2(), x.value3()));
        var l = RUN_LATEST_METRIC;
        Map<String, List<LatestMetric>> metrics = new LinkedHashMap<>();
        dsl().select(l.RUN_ID, l.KEY, l.VALUE, l.STEP, l.TIMESTAMP).from(l).where(l.RUN_ID.in(runIds))
                .orderBy(l.RUN_ID, l.KEY)
                .forEach(x -> metrics.computeIfAbsent(x.value1(), k -> new ArrayList<>()).add(new LatestMetric(
                        x.value2(), TrackingViews.metricValue(x.value3()), x.value4(), JsonColumns.instant(x.value5()))));
        var i = RUN_INPUT;
        Map<String, List<Input>> inputs = new LinkedHashMap<>();
        dsl().select(i.RUN_ID, i.NAME, i.SHA256, i.SOURCE, i.CONTEXT).from(i).where(i.RUN_ID.in(runIds))
                .orderBy(i.RUN_ID, i.POSITION, i.NAME, i.SHA256, i.CONTEXT)
                .forEach(x -> inputs.computeIfAbsent(x.value1(), k -> new ArrayList<>()).add(new Input(x.value2(),
                        x.value3(), x.value4(), x.value5().isEmpty() ? null : x.value5())));
        var a = RUN_ARTIFACT;
        Map<String, List<Artifact>> artifacts = new LinkedHashMap<>();
        dsl().select(a.RUN_ID, a.PATH, a.SHA256, a.SIZE).from(a).where(a.RUN_ID.in(runIds)).orderBy(a.RUN_ID, a.PATH)
                .forEach(x -> artifacts.computeIfAbsent(x.value1(), k -> new ArrayList<>())
                        .add(new Artifact(x.value2(), x.value3(), x.value4())));
        var r = RUN;
        Map<String, Run> byId = new LinkedHashMap<>();
        dsl().selectFrom(r).where(r.RUN_ID.in(runIds)).and(r.DELETED_AT.isNull()).forEach(x -> byId.put(x.getRunId(),
                new Run(x.getRunId(), x.getExperimentId(), x.getNamespace(), x.getName(), x.getStatus(),
                        JsonColumns.instant(x.getStartTime()), JsonColumns.instant(x.getEndTime()),
                        duration(x.getStartTime(), x.getEndTime()), x.getCodeCommit(), x.getFramework(),
                        x.getFrameworkVersion(), JsonColumns.tree(x.getEnvironment()), x.getCreatedBy(),
                        params.getOrDefault(x.getRunId(), Map.of()), metrics.getOrDefault(x.getRunId(), List.of()),
                        tags.getOrDefault(x.getRunId(), Map.of()), inputs.getOrDefault(x.getRunId(), List.of()),
                        artifacts.getOrDefault(x.getRunId(), List.of()))));
        return runIds.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    // ---------------------------------------------------------------- metric history

    /**
     * The points of a metric's batches (V10: one row per run, key and event, the points in arrays):
     * unnested in FROM (implicitly lateral), each point with its step, value, timestamp and ordinal;
     * its event's position is the batch's.
     */
    private static final Table<?> POINT = DSL.table("unnest({0}, {1}, {2}, {3})", RUN_METRIC_BATCH.STEPS,
            RUN_METRIC_BATCH.VALUES, RUN_METRIC_BATCH.TIMESTAMPS, RUN_METRIC_BATCH.ORDINALS)
            .as("point", "step", "value", "timestamp", "ordinal");
    private static final Field<Long> POINT_STEP = DSL.field(DSL.name("point", "step"), SQLDataType.BIGINT);
    private static final Field<Double> POINT_VALUE = DSL.field(DSL.name("point", "value"), SQLDataType.DOUBLE);
    private static final Field<OffsetDateTime> POINT_TIMESTAMP = DSL.field(DSL.name("point", "timestamp"),
            SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<Integer> POINT_ORDINAL = DSL.field(DSL.name("point", "ordinal"), SQLDataType.INTEGER);

    /** The number of points of the batches selected: the sum of their arrays' lengths. */
    private static final Field<BigDecimal> POINT_COUNT = DSL.coalesce(DSL.sum(DSL.cardinality(RUN_METRIC_BATCH.STEPS)),
            DSL.inline(BigDecimal.ZERO));

    private static Condition ofMetric(String runId, String key) {
        var b = RUN_METRIC_BATCH;
        return b.RUN_ID.eq(runId).and(b.KEY.eq(key));
    }

    /**
     * The points of one metric by (step, timestamp, position, ordinal), a page at a time. Only the
     * metric's batches are read (primary key prefix), and of those only the ones the page can reach:
     * after a cursor, none whose highest step is below the cursor's; and none whose lowest step is above
     * {@link #pageReach} (so a page of a long history unnests a few batches, not all of them).
     */
    MetricHistory history(String runId, String key, int pageSize, String pageToken) {
        var b = RUN_METRIC_BATCH;
        String scope = Scopes.of("metric-history", runId, key);
        Condition after = noCondition();
        Long afterStep = null;
        if (pageToken != null) {
            List<Object> cursor = tokens.decode(scope, pageToken);
            if (cursor.size() != 4 || !(cursor.get(0) instanceof Long step) || !(cursor.get(1) instanceof String time)
                    || !(cursor.get(2) instanceof Long position) || !(cursor.get(3) instanceof Long ordinal)) {
                throw invalidToken();
            }
            after = b.MAX_STEP.ge(step).and(DSL.row(POINT_STEP, POINT_TIMESTAMP, b.POSITION, POINT_ORDINAL)
                    .gt(step, parseTime(time), position, ordinal.intValue()));
            afterStep = step;
        }
        long total = dsl().select(POINT_COUNT).from(b).where(ofMetric(runId, key)).fetchSingle().value1()
                .longValueExact();
        var rows = dsl().select(POINT_STEP, POINT_VALUE, POINT_TIMESTAMP, b.POSITION, POINT_ORDINAL)
                .from(b).crossJoin(POINT)
                .where(ofMetric(runId, key)).and(after)
                .and(b.MIN_STEP.le(pageReach(runId, key, afterStep, pageSize)))
                .orderBy(POINT_STEP, POINT_TIMESTAMP, b.POSITION, POINT_ORDINAL)
                .limit(pageSize + 1).fetch();
        List<MetricPoint> points = new ArrayList<>();
        for (int n = 0; n < Math.min(pageSize, rows.size()); n++) {
            var x = rows.get(n);
            points.add(new MetricPoint(x.value1(), TrackingViews.metricValue(x.value2()), JsonColumns.instant(x.value3())));
        }
        String next = null;
        if (rows.size() > pageSize) {
            var last = rows.get(pageSize - 1);
            next = tokens.encode(scope, List.of(last.value1(), last.value3().toInstant().toString(), last.value4(),
                    (long) last.value5()));
        }
        return new MetricHistory(runId, key, points, false, total, next);
    }

    /**
     * The highest step the page can reach (a scalar subquery, evaluated once): walking the batches lying
     * wholly after the cursor's step (all of them for a first page) in order of their highest step, the
     * first highest step at which they hold more than {@code pageSize} points: more than a page of points
     * after the cursor lies at or below it, so no point of the page lies above it. Without such a step,
     * no limit. The walk stops there: only those batches' step arrays are counted.
     */
    private static Field<Long> pageReach(String runId, String key, Long afterStep, int pageSize) {
        var c = RUN_METRIC_BATCH.as("reach");
        Field<BigDecimal> running = DSL.sum(DSL.cardinality(c.STEPS)).over(DSL.orderBy(c.MAX_STEP, c.POSITION))
                .as("running");
        Table<?> walk = DSL.select(c.MAX_STEP, running).from(c)
                .where(c.RUN_ID.eq(runId)).and(c.KEY.eq(key))
                .and(afterStep == null ? noCondition() : c.MIN_STEP.gt(afterStep))
                .asTable("walk");
        return DSL.coalesce(DSL.field(DSL.select(walk.field(c.MAX_STEP)).from(walk)
                .where(walk.field(running).gt(BigDecimal.valueOf(pageSize)))
                .orderBy(walk.field(c.MAX_STEP)).limit(1)), DSL.inline(Long.MAX_VALUE));
    }

    /**
     * The metric downsampled in SQL: the step range is cut into {@code maxPoints / 2} buckets of equal
     * width and each keeps its lowest and highest value (NaN counts as the highest, so it stays visible);
     * a history of at most {@code maxPoints} points is answered whole. The count and the step range come
     * from the batches' columns without unnesting; only the kept points leave the database.
     */
    MetricHistory downsampled(String runId, String key, int maxPoints) {
        var b = RUN_METRIC_BATCH;
        var range = dsl().select(POINT_COUNT, DSL.min(b.MIN_STEP), DSL.max(b.MAX_STEP)).from(b)
                .where(ofMetric(runId, key)).fetchSingle();
        long total = range.value1().longValueExact();
        if (total <= maxPoints) {
            MetricHistory all = history(runId, key, Math.max(1, (int) total), null);
            return new MetricHistory(runId, key, all.points(), false, total, null);
        }
        int buckets = maxPoints / 2;
        Field<Integer> bucket = DSL.field("width_bucket({0}::float8, {1}::float8, {2}::float8, {3})", Integer.class,
                POINT_STEP, DSL.val(range.value2()), DSL.val(range.value3() + 1), DSL.val(buckets));
        Field<Integer> lowest = DSL.rowNumber().over(DSL.partitionBy(bucket)
                .orderBy(POINT_VALUE.asc(), POINT_STEP, POINT_TIMESTAMP, b.POSITION, POINT_ORDINAL)).as("lowest");
        Field<Integer> highest = DSL.rowNumber().over(DSL.partitionBy(bucket)
                .orderBy(POINT_VALUE.desc(), POINT_STEP, POINT_TIMESTAMP, b.POSITION, POINT_ORDINAL)).as("highest");
        Table<?> ranked = DSL.select(POINT_STEP, POINT_VALUE, POINT_TIMESTAMP, b.POSITION, POINT_ORDINAL, lowest, highest)
                .from(b).crossJoin(POINT).where(ofMetric(runId, key)).asTable("ranked");
        Field<Long> step = ranked.field(POINT_STEP);
        Field<Double> value = ranked.field(POINT_VALUE);
        Field<OffsetDateTime> timestamp = ranked.field(POINT_TIMESTAMP);
        List<SortField<?>> order = List.of(step.asc(), timestamp.asc(), ranked.field(b.POSITION).asc(),
                ranked.field(POINT_ORDINAL).asc());
        List<MetricPoint> points = dsl().select(step, value, timestamp).from(ranked)
                .where(ranked.field(lowest).eq(1).or(ranked.field(highest).eq(1)))
                .orderBy(order)
                .fetch(x -> new MetricPoint(x.value1(), TrackingViews.metricValue(x.value2()),
                        JsonColumns.instant(x.value3())));
        return new MetricHistory(runId, key, points, true, total, null);
    }

    // ---------------------------------------------------------------- helpers

    private static Long duration(OffsetDateTime start, OffsetDateTime end) {
        return start == null || end == null ? null : Duration.between(start, end).toMillis();
    }

    private static OffsetDateTime parseTime(String text) {
        try {
            return OffsetDateTime.ofInstant(Instant.parse(text), ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw invalidToken();
        }
    }

    private static QueryException invalidToken() {
        return new QueryException(ProblemType.INVALID_PAGE_TOKEN, PageTokenCodec.PARAMETER,
                "page_token is not a token this query returned; start again without page_token");
    }
}
