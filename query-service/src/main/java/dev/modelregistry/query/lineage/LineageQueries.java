package dev.modelregistry.query.lineage;

import static dev.modelregistry.readmodel.jooq.Tables.LINEAGE_EDGE;
import static dev.modelregistry.readmodel.jooq.Tables.MODEL;
import static dev.modelregistry.readmodel.jooq.Tables.MODEL_VERSION;
import static dev.modelregistry.readmodel.jooq.Tables.RUN;
import static dev.modelregistry.readmodel.jooq.Tables.RUN_INPUT;
import static dev.modelregistry.readmodel.jooq.Tables.STAGE_HISTORY;
import static dev.modelregistry.readmodel.jooq.Tables.VERSION_DATASET;
import static dev.modelregistry.readmodel.jooq.Tables.VERSION_PARENT;
import static org.jooq.impl.DSL.any;
import static org.jooq.impl.DSL.exists;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

import dev.modelregistry.query.lineage.LineageViews.Edge;
import dev.modelregistry.query.lineage.LineageViews.ImpactedVersion;
import dev.modelregistry.query.support.ReadModelDatabase;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Record2;
import org.jooq.Record4;
import org.jooq.Row2;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Component;

/**
 * The lineage DAG (migration V9, {@code lineage_edge}) and a dataset's impact, from the read model.
 * Walks are recursive CTEs that keep one row per (node, depth) (UNION, not UNION ALL) and stop at the
 * depth bound: a cycle in the data cannot make them run away, and diamonds do not multiply rows.
 */
@Component("queryLineageQueries")
class LineageQueries {

    /** The longest parent chain the impact query follows. */
    static final int MAX_IMPACT_DISTANCE = 10;

    private static final String PRODUCTION = "Production";

    private final ReadModelDatabase database;

    LineageQueries(ReadModelDatabase database) {
        this.database = database;
    }

    private DSLContext dsl() {
        return database.dsl();
    }

    /**
     * The nodes within {@code depth} edges of {@code root} in one direction with their distance, nearest
     * first, at most {@code limit} of them (the root included, at distance 0).
     */
    Map<String, Integer> walk(String root, boolean upstream, int depth, int limit) {
        var e = LINEAGE_EDGE;
        Field<String> near = upstream ? e.TO_NODE : e.FROM_NODE;
        Field<String> far = upstream ? e.FROM_NODE : e.TO_NODE;
        Field<String> node = field(name("walk", "node"), String.class);
        Field<Integer> distance = field(name("walk", "distance"), Integer.class);
        CommonTableExpression<Record2<String, Integer>> walk = name("walk").fields("node", "distance").as(
                select(val(root).cast(e.FROM_NODE), inline(0))
                        .union(select(far, distance.plus(inline(1)))
                                .from(table(name("walk")))
                                .join(e).on(near.eq(node))
                                .where(distance.lt(depth))));
        Map<String, Integer> nodes = new LinkedHashMap<>();
        dsl().withRecursive(walk)
                .select(node, min(distance))
                .from(walk)
                .groupBy(node)
                .orderBy(min(distance), node)
                .limit(limit)
                .fetch()
                .forEach(r -> nodes.put(r.value1(), r.value2()));
        return nodes;
    }

    boolean hasEdges(String node) {
        var e = LINEAGE_EDGE;
        return dsl().fetchExists(selectOne().from(e).where(e.FROM_NODE.eq(node).or(e.TO_NODE.eq(node))));
    }

    /** The edges between the given nodes. */
    List<Edge> edgesAmong(Set<String> nodes) {
        var e = LINEAGE_EDGE;
        String[] ids = nodes.toArray(String[]::new);
        return dsl().select(e.FROM_NODE, e.TO_NODE, e.EDGE_TYPE).from(e)
                .where(e.FROM_NODE.eq(any(ids))).and(e.TO_NODE.eq(any(ids)))
                .orderBy(e.FROM_NODE, e.TO_NODE, e.EDGE_TYPE)
                .fetch(r -> new Edge(r.value1(), r.value2(), r.value3()));
    }

    /** Summaries of the version and run nodes among {@code nodes} that the read model holds, by node id. */
    Map<String, LineageViews.Node> summaries(List<NodeId> nodes) {
        Map<String, LineageViews.Node> found = new LinkedHashMap<>();
        List<Row2<String, Integer>> versions = new ArrayList<>();
        List<String> runs = new ArrayList<>();
        for (NodeId n : nodes) {
            switch (n.type()) {
                case NodeId.VERSION -> versions.add(row(n.model(), n.version()));
                case NodeId.RUN -> runs.add(n.runId());
                default -> {
                }
            }
        }
        var mv = MODEL_VERSION;
        var m = MODEL;
        if (!versions.isEmpty()) {
            dsl().select(mv.MODEL, mv.VERSION, mv.STAGE, mv.DELETED_AT, mv.CREATED_AT, mv.RUN_ID, m.NAMESPACE)
                    .from(mv).join(m).on(m.NAME.eq(mv.MODEL))
                    .where(row(mv.MODEL, mv.VERSION).in(versions))
                    .fetch()
                    .forEach(r -> {
                        String id = "version:" + r.value1() + "@" + r.value2();
                        found.put(id, new LineageViews.Node(id, NodeId.VERSION, true, r.value7(), r.value1(),
                                r.value2(), r.value3(), r.value4() != null, r.value6(), null, null, null, null,
                                r.value5().toInstant()));
                    });
        }
        if (!runs.isEmpty()) {
            var run = RUN;
            dsl().select(run.RUN_ID, run.EXPERIMENT_ID, run.NAMESPACE, run.NAME, run.STATUS, run.START_TIME,
                            run.DELETED_AT)
                    .from(run).where(run.RUN_ID.in(runs))
                    .fetch()
                    .forEach(r -> {
                        String id = "run:" + r.value1();
                        found.put(id, new LineageViews.Node(id, NodeId.RUN, true, r.value3(), null, null, null,
                                r.value7() != null, r.value1(), r.value2(), r.value4(), r.value5(), null,
                                r.value6().toInstant()));
                    });
        }
        return found;
    }

    /**
     * In one statement: the versions trained on {@code sha256} directly (their lineage names it), through
     * the run that produced them (the run consumed it) or through parent chains, each once with its
     * shortest path, whether it is in Production at {@code asOf} (null: now) and whether it ever was up
     * to then. Versions created after {@code asOf} or deleted by then are left out.
     *
     * @param readable the namespaces to keep; null for every namespace
     */
    List<ImpactedVersion> impact(String sha256, OffsetDateTime asOf, Set<String> readable, int limit) {
        var vd = VERSION_DATASET;
        var ri = RUN_INPUT;
        var mv = MODEL_VERSION;
        var vp = VERSION_PARENT;
        var m = MODEL;
        var sh = STAGE_HISTORY;
        Name hit = name("hit");
        Field<String> model = field(name("hit", "model"), String.class);
        Field<Integer> version = field(name("hit", "version"), Integer.class);
        Field<String> via = field(name("hit", "via"), String.class);
        Field<Integer> distance = field(name("hit", "distance"), Integer.class);
        CommonTableExpression<Record4<String, Integer, String, Integer>> hits = hit
                .fields("model", "version", "via", "distance").as(
                        select(vd.MODEL, vd.VERSION, inline("trained_on").cast(SQLDataType.CLOB), inline(1))
                                .from(vd).where(vd.SHA256.eq(sha256))
                                .unionAll(select(mv.MODEL, mv.VERSION, inline("run").cast(SQLDataType.CLOB), inline(2))
                                        .from(ri).join(mv).on(mv.RUN_ID.eq(ri.RUN_ID))
                                        .where(ri.SHA256.eq(sha256)))
                                .union(select(vp.MODEL, vp.VERSION, inline("parent").cast(SQLDataType.CLOB),
                                        distance.plus(inline(1)))
                                        .from(table(hit))
                                        .join(vp).on(vp.PARENT_MODEL.eq(model)).and(vp.PARENT_VERSION.eq(version))
                                        .where(distance.lt(inline(MAX_IMPACT_DISTANCE)))));
        Condition production = sh.MODEL.eq(mv.MODEL).and(sh.VERSION.eq(mv.VERSION)).and(sh.STAGE.eq(PRODUCTION));
        Field<Boolean> inProduction = asOf == null
                ? mv.STAGE.eq(PRODUCTION).and(mv.DELETED_AT.isNull())
                : exists(selectOne().from(sh).where(production).and(sh.VALID_FROM.le(asOf))
                        .and(sh.VALID_TO.isNull().or(sh.VALID_TO.gt(asOf))));
        Field<Boolean> wasInProduction = exists(selectOne().from(sh).where(production)
                .and(asOf == null ? noCondition() : sh.VALID_FROM.le(asOf)));
        return dsl().withRecursive(hits)
                .select(model, version, m.NAMESPACE, via, distance, field(inProduction), field(wasInProduction))
                .distinctOn(model, version)
                .from(hits)
                .join(mv).on(mv.MODEL.eq(model)).and(mv.VERSION.eq(version))
                .join(m).on(m.NAME.eq(mv.MODEL))
                .where(readable == null ? noCondition() : m.NAMESPACE.in(readable))
                .and(asOf == null ? mv.DELETED_AT.isNull()
                        : mv.CREATED_AT.le(asOf).and(mv.DELETED_AT.isNull().or(mv.DELETED_AT.gt(asOf))))
                .orderBy(model, version, distance, via)
                .limit(limit)
                .fetch(r -> new ImpactedVersion(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(),
                        Boolean.TRUE.equals(r.value6()), Boolean.TRUE.equals(r.value7())));
    }
}
