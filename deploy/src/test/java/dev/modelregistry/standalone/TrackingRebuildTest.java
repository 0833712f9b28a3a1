package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.projection.rebuild.ReadModelRebuild;
import dev.modelregistry.projection.search.SearchIndex;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/admin/read-models:rebuild?scope=tracking} replays only the tracking events into
 * fresh tracking tables and a fresh runs index while the live projectors keep running: the tracking
 * rows and run search answers afterwards are the same, runs logged during the rebuild are all there
 * once, the other read models are not touched, and a full rebuild afterwards still pairs and cleans up
 * the indices.
 */
class TrackingRebuildTest extends RegistryIntegrationTest {

    private static final String REBUILD = "/api/v1/admin/read-models:rebuild";
    private static final String STATUS = "/api/v1/admin/read-models/rebuild";
    private static final long T0 = 1_790_000_000_000L;

    @Test
    void aTrackingRebuildGivesTheSameTrackingRowsAndRunSearchAnswersAndKeepsRunsLoggedWhileItRuns() {
        String namespace = ensureNamespace("tr" + uniqueName("").substring(1));
        String experiment = experiment(namespace, "rebuilt");
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            runs.add(run(experiment, "r" + i, i));
        }
        ok(post("/api/v1/runs/" + runs.get(0) + ":finish", "{\"status\":\"FINISHED\",\"end_time\":" + (T0 + 60_000) + "}"));
        ok(post("/api/v1/runs/" + runs.get(1) + ":finish", "{\"status\":\"FAILED\"}"));
        // a later log of a better f1 point, a tag overwritten, a deleted run and an updated experiment
        log(runs.get(2), 2, "0.999", 9);
        ok(patch("/api/v1/experiments/" + experiment, "{\"description\":\"changed\"}"));
        Answer deleted = delete("/api/v1/runs/" + runs.get(5));
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        // runs logged during the rebuild go into an experiment of their own, made before the snapshot
        String during = experiment(namespace, "during");
        long last = lastEventPosition();
        awaitBothReadModels(last);

        Map<String, String> queries = queries(experiment);
        Map<String, List<String>> tablesBefore = trackingTables(during);
        Map<String, String> runDocumentsBefore = runDocuments("{\"bool\": {\"must_not\": {\"term\": "
                + "{\"experiment_id\": \"" + during + "\"}}}}");
        Map<String, String> answersBefore = answersWithoutScores(queries);
        List<String> auditBefore = ReadModelTables.rows("read_model", "audit_log", Set.of(), "position <= " + last);
        long lineageBefore = ((Number) value("select count(*) from read_model.lineage_edge where position <= ?", last))
                .longValue();
        String versionsIndexBefore = indexBehind("registry-versions");
        String runsIndexBefore = indexBehind("registry-runs");
        List<String> definitionsBefore = trackingDefinitions();
        assertThat(runDocumentsBefore).containsKeys(runs.get(0), runs.get(4)).doesNotContainKey(runs.get(5));

        // a client logs runs all along; the rebuild must neither lose nor double any of them
        AtomicBoolean rebuilding = new AtomicBoolean(true);
        List<String> loggedDuring = new CopyOnWriteArrayList<>();
        AtomicLong lastLogged = new AtomicLong();
        CompletableFuture<Void> logger = CompletableFuture.runAsync(() -> {
            int i = 0;
            while (rebuilding.get() || i < 3) {
                String run = run(during, "d" + i, i);
                lastLogged.set(ok(post("/api/v1/runs/" + run + ":finish", "{\"status\":\"FINISHED\"}")).position());
                loggedDuring.add(run);
                i++;
            }
        }, task -> Thread.ofVirtual().start(task));
        JsonNode status;
        try {
            Answer done = send(HttpRequest.newBuilder(uri(REBUILD + "?scope=tracking&wait=true"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(done.status()).as(done.toString()).isEqualTo(200);
            status = done.json();
        } finally {
            rebuilding.set(false);
        }
        logger.join();
        int loggedWhileRunning = loggedDuring.size();

        assertThat(status.get("state").asText()).as(status.toString()).isEqualTo("SUCCEEDED");
        assertThat(status.get("scope").asText()).isEqualTo("tracking");
        JsonNode summary = status.get("summary");
        assertThat(summary.get("scope").asText()).isEqualTo("tracking");
        assertThat(summary.get("events_replayed").asLong()).isPositive()
                .isLessThan(summary.get("records_scanned").asLong());
        assertThat(summary.get("events_refused").asLong()).isZero();
        assertThat(summary.get("index").asText()).startsWith("registry-runs-");
        assertThat(loggedWhileRunning).as("runs logged while the rebuild ran").isGreaterThan(3);

        awaitBothReadModels(lastLogged.get());
        // what existed before: the same rows, documents and answers
        ReadModelTables.assertSame(trackingTables(during), tablesBefore);
        assertThat(runDocuments("{\"bool\": {\"must_not\": {\"term\": {\"experiment_id\": \"" + during + "\"}}}}"))
                .isEqualTo(runDocumentsBefore);
        assertThat(answersWithoutScores(queries)).isEqualTo(answersBefore);
        // the runs logged during the rebuild: each once, with all its points, searchable
        assertThat(rows("select run_id from read_model.run where experiment_id = ? order by run_id", during)
                .stream().map(row -> (String) row.get("run_id")).toList())
                .containsExactlyElementsOf(new TreeSet<>(loggedDuring));
        assertThat(value("select count(*) from read_model.run_metric_batch b join read_model.run r using (run_id) "
                + "where r.experiment_id = ?", during)).isEqualTo((long) loggedDuring.size() * 2);
        assertThat(value("select count(*) from read_model.run_latest_metric m join read_model.run r using (run_id) "
                + "where r.experiment_id = ?", during)).isEqualTo((long) loggedDuring.size() * 2);
        assertThat(value("select count(*) from read_model.run_param p join read_model.run r using (run_id) "
                + "where r.experiment_id = ? and p.key = 'max_depth'", during)).isEqualTo((long) loggedDuring.size());
        JsonNode found = ok(getAt("/api/v1/search/runs?page_size=1000&filter="
                + encode("experiment_id = '" + during + "' AND status = 'finished'"), lastLogged.get())).json();
        assertThat(found.get("total_hits").asLong()).isEqualTo(loggedDuring.size());
        assertThat(runDocuments("{\"term\": {\"experiment_id\": \"" + during + "\"}}").keySet())
                .containsExactlyInAnyOrderElementsOf(loggedDuring);

        // only the tracking read models were replaced
        assertThat(ReadModelTables.rows("read_model", "audit_log", Set.of(), "position <= " + last))
                .isEqualTo(auditBefore);
        assertThat(((Number) value("select count(*) from read_model.lineage_edge where position <= ?", last))
                .longValue()).isEqualTo(lineageBefore);
        assertThat(indexBehind("registry-versions")).isEqualTo(versionsIndexBefore);
        assertThat(indexBehind("registry-runs")).isEqualTo(summary.get("index").asText())
                .isNotEqualTo(runsIndexBefore);
        assertThat(elasticsearch("GET", "/_cat/indices/" + runsIndexBefore + "?format=json", null).toString())
                .as("the old runs index is deleted").contains("index_not_found");
        assertThat(rows("select schema_name from information_schema.schemata where schema_name in "
                + "('read_model_rebuild', 'read_model_retired')")).isEmpty();
        assertThat(secondaryIndexes()).as("the deferred indexes are back on the tracking tables")
                .contains("run_input_sha256", "run_experiment_time", "experiment_namespace_name");
        assertThat(trackingDefinitions()).as("columns, constraints, indexes and views as the migrations made them")
                .isEqualTo(definitionsBefore);
    }

    @Test
    void anUnknownScopeIsRefusedWithAProblemNamingTheParameterAndStartsNothing() {
        JsonNode before = get(STATUS).json();
        for (String scope : List.of("versions", "", "TRACKING", "tracking%27%20OR%201%3D1", "all,tracking")) {
            Answer refused = send(HttpRequest.newBuilder(uri(REBUILD + "?scope=" + scope))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertProblem(refused, 400, "invalid_parameter", "scope");
            assertThat(refused.response().body()).as("no exception text in the answer")
                    .doesNotContain("Exception", "java.", "dev.modelregistry");
        }
        assertThat(get(STATUS).json()).as("no rebuild started").isEqualTo(before);
        // the scope changes nothing about who may rebuild: a namespace admin may not
        String owner = userWith(ensureNamespace("trs" + uniqueName("").substring(1)), "admin");
        Answer forbidden = as(owner).send(HttpRequest.newBuilder(uri(REBUILD + "?scope=tracking"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(forbidden.status()).as(forbidden.toString()).isEqualTo(403);
        assertThat(get(STATUS).json()).isEqualTo(before);
    }

    @Test
    void aTrackingRebuildFollowedByAFullRebuildLeavesNoOrphanIndexAndSearchStillAnswers() throws Exception {
        String namespace = ensureNamespace("tf" + uniqueName("").substring(1));
        String experiment = experiment(namespace, "pairs");
        String run = run(experiment, "only", 1);
        awaitBothReadModels(lastEventPosition());
        String search = "/api/v1/search/runs?filter=" + encode("experiment_id = '" + experiment + "'");
        JsonNode answer = withoutScores(ok(get(search)).json());

        List<JsonNode> created = createdSettings();
        JsonNode tracking = rebuild("tracking");
        assertThat(indexBehind("registry-runs")).isEqualTo(tracking.at("/summary/index").asText());
        assertThat(withoutScores(ok(get(search)).json())).isEqualTo(answer);
        assertThat(settingsOf(indexBehind("registry-runs"))).as("the rebuilt runs index's settings, loading ones undone")
                .isEqualTo(created.get(1));

        JsonNode all = rebuild("all");
        assertThat(all.at("/summary/scope").asText()).isEqualTo("all");
        assertThat(all.at("/summary/events_replayed").asLong()).isEqualTo(all.at("/summary/records_scanned").asLong());
        String versions = indexBehind("registry-versions");
        String runs = indexBehind("registry-runs");
        assertThat(versions).isEqualTo(all.at("/summary/index").asText());
        assertThat(runs).isEqualTo("registry-runs" + versions.substring("registry-versions".length()));
        assertThat(settingsOf(versions)).isEqualTo(created.get(0));
        assertThat(settingsOf(runs)).isEqualTo(created.get(1));
        List<String> indices = new ArrayList<>();
        elasticsearch("GET", "/_cat/indices/registry-*?format=json&h=index", null)
                .forEach(index -> indices.add(index.get("index").asText()));
        assertThat(indices).as("only the indices behind the aliases").containsExactlyInAnyOrder(versions, runs);
        JsonNode found = withoutScores(ok(get(search)).json());
        assertThat(found.get("items").get(0).get("run_id").asText()).isEqualTo(run);
        assertThat(found).isEqualTo(answer);
    }

    // ------------------------------------------------------------------------------------- helpers

    /** Read-your-writes on the PostgreSQL read model and on search. */
    private void awaitBothReadModels(long position) {
        awaitProjected(position);
        ok(getAt("/api/v1/search/runs?page_size=1", position));
    }

    private JsonNode rebuild(String scope) {
        Answer done = send(HttpRequest.newBuilder(uri(REBUILD + "?wait=true&scope=" + scope))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(done.status()).as(done.toString()).isEqualTo(200);
        assertThat(done.json().get("state").asText()).isEqualTo("SUCCEEDED");
        return done.json();
    }

    private String experiment(String namespace, String name) {
        return created(post("/api/v1/experiments", JSON.createObjectNode().put("name", uniqueName(name))
                .put("namespace", namespace).put("description", "rebuild " + name)
                .set("tags", JSON.createObjectNode().put("team", "risk")).toString()))
                .json().get("experiment_id").asText();
    }

    /** A started run with one batch logged: 2 params, 2 metrics x 3 steps, a tag and an input. */
    private String run(String experimentId, String name, int i) {
        String run = created(post("/api/v1/runs", JSON.createObjectNode().put("experiment_id", experimentId)
                .put("name", name).put("framework", i % 2 == 0 ? "sklearn" : "xgboost").put("code_commit", "c0ffee")
                .put("start_time", T0 + i).set("tags", JSON.createObjectNode().put("team", "risk")).toString()))
                .json().get("run_id").asText();
        log(run, 0, "0." + (80 + i), 3);
        return run;
    }

    private void log(String run, int fromStep, String f1, int steps) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode params = body.putArray("params");
        if (fromStep == 0) {
            params.addObject().put("key", "max_depth").put("value", String.valueOf(run.hashCode() & 15));
            params.addObject().put("key", "lr").put("value", "0.1");
        }
        ArrayNode metrics = body.putArray("metrics");
        for (int step = fromStep; step < fromStep + steps; step++) {
            metrics.addObject().put("key", "f1").put("value", Double.parseDouble(f1) - 0.01 * (steps - 1 - step + fromStep))
                    .put("step", step).put("timestamp", T0 + step);
            metrics.addObject().put("key", "loss").put("value", 1.0 / (step + 1)).put("step", step)
                    .put("timestamp", T0 + step);
        }
        body.putArray("tags").addObject().put("key", "phase").put("value", fromStep == 0 ? "train" : "tune");
        if (fromStep == 0) {
            body.putArray("inputs").addObject().put("name", "train").put("sha256", "e".repeat(64))
                    .put("source", "s3://data/train").put("context", "training");
        }
        ok(post("/api/v1/runs/" + run + ":log-batch", body.toString()));
    }

    /** Run queries whose answers must not change across a tracking rebuild. */
    private static Map<String, String> queries(String experiment) {
        Map<String, String> queries = new LinkedHashMap<>();
        String inExperiment = encode("experiment_id = '" + experiment + "'");
        queries.put("experiment", "/api/v1/experiments/" + experiment);
        queries.put("runs", "/api/v1/experiments/" + experiment + "/runs");
        queries.put("best", "/api/v1/experiments/" + experiment + "/runs:best?metric=f1");
        queries.put("search by metric", "/api/v1/search/runs?filter=" + inExperiment + encode(" AND metrics.f1 > 0.8")
                + "&order_by=" + encode("metrics.f1 DESC"));
        queries.put("facets", "/api/v1/search/runs?filter=" + inExperiment + "&facets=framework,status");
        return queries;
    }

    /**
     * The rows of every tracking table (and of the {@code run_metric} view over the metric batches),
     * leaving out the runs of experiment {@code except}.
     */
    private static Map<String, List<String>> trackingTables(String except) {
        String notDuring = "t.run_id not in (select run_id from read_model.run where experiment_id = '" + except + "')";
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String table : ReadModelRebuild.TRACKING_TABLES) {
            tables.put(table, ReadModelTables.rows("read_model", table, Set.of(),
                    table.equals("experiment") ? null : notDuring));
        }
        tables.put("run_metric (view)", rows("select (to_jsonb(t))::text as row from read_model.run_metric t where "
                + notDuring + " order by t.run_id, t.position, t.ordinal").stream()
                .map(row -> (String) row.get("row")).toList());
        return tables;
    }

    /** The documents of the runs index matching {@code query}: id -> external version and source. */
    private Map<String, String> runDocuments(String query) {
        return indexDocuments("registry-runs", "run_id", query);
    }

    /**
     * A concrete index's settings without those that name or date it: what a rebuilt index must share
     * with a created one.
     */
    private JsonNode settingsOf(String concreteIndex) {
        ObjectNode settings = elasticsearch("GET", "/" + concreteIndex + "/_settings", null)
                .at("/" + concreteIndex + "/settings/index").deepCopy();
        settings.remove(List.of("uuid", "creation_date", "provided_name"));
        return settings;
    }

    /** The settings of a versions index and its runs index just created from their definitions. */
    private List<JsonNode> createdSettings() throws Exception {
        try (SearchIndex probe = new SearchIndex(SERVICES.endpoints().elasticsearchUrl(),
                uniqueName("settings") + "-versions")) {
            String versions = probe.createIndex();
            try {
                return List.of(settingsOf(versions), settingsOf(probe.runsIndexOf(versions)));
            } finally {
                probe.deleteIndex(versions);
            }
        }
    }

    private String indexBehind(String alias) {
        JsonNode aliases = elasticsearch("GET", "/_alias/" + alias, null);
        assertThat(aliases.size()).as(aliases.toString()).isEqualTo(1);
        Iterator<String> names = aliases.fieldNames();
        return names.next();
    }

    private static List<String> secondaryIndexes() {
        return rows("select indexname from pg_indexes where schemaname = 'read_model' order by 1").stream()
                .map(row -> (String) row.get("indexname")).toList();
    }

    /**
     * The tracking tables' columns, constraints and indexes (with their names) and the views on them, as
     * PostgreSQL describes them: a rebuild that creates the tables itself must leave what the
     * migrations made.
     */
    private static List<String> trackingDefinitions() {
        String tables = "array['" + String.join("', '", ReadModelRebuild.TRACKING_TABLES) + "']";
        return rows("""
                select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
                        || ' default ' || coalesce(column_default, '-') || ' #' || ordinal_position as d
                from information_schema.columns where table_schema = 'read_model' and table_name = any(%1$s)
                union all
                select 'constraint ' || c.relname || ' ' || conname || ' ' || pg_get_constraintdef(k.oid)
                from pg_constraint k join pg_class c on c.oid = k.conrelid
                where k.connamespace = 'read_model'::regnamespace and c.relname = any(%1$s)
                union all
                select 'index ' || indexdef from pg_indexes where schemaname = 'read_model' and tablename = any(%1$s)
                union all
                select 'view ' || viewname || ' ' || definition from pg_views where schemaname = 'read_model'
                  and viewname = 'run_metric'
                order by 1""".formatted(tables)).stream().map(row -> (String) row.get("d")).toList();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
