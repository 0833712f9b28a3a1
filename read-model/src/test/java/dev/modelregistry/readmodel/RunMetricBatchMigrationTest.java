package dev.modelregistry.readmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * V10 against a real PostgreSQL: a registry upgrading from V9 keeps its metric history, one
 * {@code run_metric_batch} row per (run, key, event) with the points in the event's order (NaN and the
 * infinities kept), an empty {@code run_metric} converts to nothing, and the {@code run_metric} view
 * shows the points as the table did.
 */
class RunMetricBatchMigrationTest {

    /** The timestamps as epoch seconds in array order, independent of the session's time zone. */
    private static final String EPOCHS = "(select string_agg(extract(epoch from t)::bigint::text, ',' order by n) "
            + "from unnest(timestamps) with ordinality u(t, n))";

    @RegisterExtension
    static final EmbeddedDatabase database = new EmbeddedDatabase();

    private final DSLContext ctx = database.ctx();

    private static void migrate(String schema, String target) {
        Flyway.configure().dataSource(database.dataSource()).schemas(schema).createSchemas(true)
                .locations(ReadModelSchema.LOCATION).target(target).load().migrate();
    }

    @Test
    void theStoredPointsBecomeOneBatchPerRunKeyAndEventInTheEventsOrder() {
        String schema = "upgrade_with_history";
        migrate(schema, "9");
        // event 7 logged accuracy (ordinals 0, 2, 4) and loss (1, 3) out of step order; event 9 one more point
        ctx.execute("insert into " + schema + ".run_metric (run_id, key, step, timestamp, value, position, ordinal) "
                + "values ('r1', 'accuracy', 2, '1970-01-01T00:00:02Z', 0.9, 7, 0), "
                + "('r1', 'loss', 0, '1970-01-01T00:00:00Z', 'NaN', 7, 1), "
                + "('r1', 'accuracy', 0, '1970-01-01T00:00:00Z', 'Infinity', 7, 2), "
                + "('r1', 'loss', 1, '1970-01-01T00:00:01Z', '-Infinity', 7, 3), "
                + "('r1', 'accuracy', 1, '1970-01-01T00:00:01Z', 0.1, 7, 4), "
                + "('r1', 'accuracy', 3, '1970-01-01T00:00:03Z', 1e-300, 9, 0), "
                + "('r2', 'accuracy', 5, '1970-01-01T00:00:05Z', 0.5, 8, 0)");
        migrate(schema, "latest");

        assertThat(ctx.fetch("select run_id, key, position, steps::text, " + EPOCHS + ", \"values\"::text, "
                        + "ordinals::text, min_step, max_step from " + schema + ".run_metric_batch "
                        + "order by run_id, key, position").map(r -> r.intoList()))
                .containsExactly(
                        List.of("r1", "accuracy", 7L, "{2,0,1}", "2,0,1", "{0.9,Infinity,0.1}", "{0,2,4}", 0L, 2L),
                        List.of("r1", "accuracy", 9L, "{3}", "3", "{1e-300}", "{0}", 3L, 3L),
                        List.of("r1", "loss", 7L, "{0,1}", "0,1",
                                "{NaN,-Infinity}", "{1,3}", 0L, 1L),
                        List.of("r2", "accuracy", 8L, "{5}", "5", "{0.5}", "{0}", 5L, 5L));
        // the table is gone; the view shows every point as it did
        assertThat(ctx.fetchValue("select count(*) from pg_tables where schemaname = ? and tablename = 'run_metric'",
                schema)).isEqualTo(0L);
        assertThat(ctx.fetch("select run_id, key, step, value::text, position, ordinal from " + schema + ".run_metric "
                        + "order by run_id, position, ordinal").map(r -> r.intoList()))
                .containsExactly(
                        List.of("r1", "accuracy", 2L, "0.9", 7L, 0), List.of("r1", "loss", 0L, "NaN", 7L, 1),
                        List.of("r1", "accuracy", 0L, "Infinity", 7L, 2), List.of("r1", "loss", 1L, "-Infinity", 7L, 3),
                        List.of("r1", "accuracy", 1L, "0.1", 7L, 4), List.of("r1", "accuracy", 3L, "1e-300", 9L, 0),
                        List.of("r2", "accuracy", 5L, "0.5", 8L, 0));
    }

    @Test
    void anEmptyHistoryConvertsToNoBatches() {
        String schema = "upgrade_empty";
        migrate(schema, "9");
        migrate(schema, "latest");
        assertThat(ctx.fetchValue("select count(*) from " + schema + ".run_metric_batch")).isEqualTo(0L);
        assertThat(ctx.fetchValue("select count(*) from " + schema + ".run_metric")).isEqualTo(0L);
    }

    @Test
    void aBatchWhoseArraysDifferInLengthIsRefused() {
        String schema = "upgrade_check";
        migrate(schema, "latest");
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(org.jooq.exception.DataAccessException.class,
                () -> ctx.execute("insert into " + schema + ".run_metric_batch values ('r', 'k', 1, '{1,2}', "
                        + "'{\"1970-01-01T00:00:00Z\"}', '{0.5,0.6}', '{0,1}', 1, 2)")).sqlState())
                .isEqualTo("23514");
    }
}
