package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rows of a read-model schema as JSON text (PostgreSQL's {@code to_jsonb} of each row, ordered by
 * the table's primary key), for comparing two schemas or one schema at two moments.
 */
final class ReadModelTables {

    /**
     * Columns that legitimately differ between two builds of the same read model: when a row was
     * written, not what it says ({@code projection_progress.updated_at} is the time of the projector's
     * last poll, {@code projection_failure.failed_at} the time a record was parked; Flyway's history
     * records when and how fast each migration ran).
     */
    static final Map<String, Set<String>> BOOKKEEPING = Map.of(
            "projection_progress", Set.of("updated_at"),
            "projection_failure", Set.of("failed_at"),
            "flyway_schema_history", Set.of("installed_on", "execution_time"));

    /** The tables that hold the data of blobs (not of one model). */
    static final List<String> ARTIFACT_TABLES = List.of("artifact");

    /** The tables that hold a model's data, with the column naming the model. */
    static final Map<String, String> MODEL_TABLES = orderedMap(
            "model", "name",
            "model_version", "model",
            "version_dataset", "model",
            "version_parent", "model",
            "version_file", "model",
            "stage_history", "model",
            "alias_history", "model",
            "audit_log", "model");

    private ReadModelTables() {
    }

    /**
     * Every table of {@code schema}, each as its rows (bookkeeping columns left out; of Flyway's history
     * the migrations, not the row recording the name the schema was created under).
     */
    static Map<String, List<String>> all(String schema) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (String table : tablesOf(schema)) {
            tables.put(table, rows(schema, table, BOOKKEEPING.getOrDefault(table, Set.of()),
                    table.equals("flyway_schema_history") ? "t.type <> 'SCHEMA'" : null));
        }
        return tables;
    }

    /** The rows of the given models in every table that holds model data. */
    static Map<String, List<String>> ofModels(String schema, Collection<String> models) {
        String list = models.stream().map(name -> "'" + name.replace("'", "''") + "'")
                .collect(Collectors.joining(", ", "(", ")"));
        Map<String, List<String>> tables = new LinkedHashMap<>();
        MODEL_TABLES.forEach((table, column) -> tables.put(table, rows(schema, table, Set.of(), column + " in " + list)));
        return tables;
    }

    static List<String> tablesOf(String schema) {
        return RegistryIntegrationTest.rows("select table_name from information_schema.tables "
                        + "where table_schema = ? and table_type = 'BASE TABLE' order by table_name", schema)
                .stream().map(row -> (String) row.get("table_name")).toList();
    }

    static List<String> rows(String schema, String table, Set<String> excluded, String where) {
        String key = String.join(", ", primaryKey(schema, table));
        String minus = excluded.isEmpty() ? "" : " - '{" + String.join(",", excluded) + "}'::text[]";
        String sql = "select (to_jsonb(t)" + minus + ")::text as row from " + schema + "." + table + " t"
                + (where == null ? "" : " where " + where) + (key.isEmpty() ? " order by 1" : " order by " + key);
        return RegistryIntegrationTest.rows(sql).stream().map(row -> (String) row.get("row")).toList();
    }

    static List<String> primaryKey(String schema, String table) {
        return RegistryIntegrationTest.rows("""
                        select a.attname from pg_index i
                        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
                        where i.indrelid = (quote_ident(?) || '.' || quote_ident(?))::regclass and i.indisprimary
                        order by array_position(i.indkey::int2[], a.attnum)""", schema, table)
                .stream().map(row -> "t." + row.get("attname")).toList();
    }

    /** Table by table, so that a difference names its table and shows the rows. */
    static void assertSame(Map<String, List<String>> actual, Map<String, List<String>> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((table, rows) -> assertThat(actual.get(table)).as("rows of %s", table)
                .containsExactlyElementsOf(rows));
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
