package dev.modelregistry.command.eventstore;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrates the event store schema with its own Flyway instance (scripts in
 * {@code classpath:db/event-store}, history table {@code <schema>.event_store_schema_history}), so that
 * it never shares or depends on Boot's single Flyway auto-configuration (which is off) or the read
 * model's migrations. Runs once, when the bean is created; Axon's storage beans depend on it.
 */
public final class EventStoreMigration {

    public static final String LOCATION = "classpath:db/event-store";
    public static final String HISTORY_TABLE = "event_store_schema_history";

    private static final Logger log = LoggerFactory.getLogger(EventStoreMigration.class);

    private final MigrateResult result;

    public EventStoreMigration(DataSource dataSource, String schema) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                .load();
        this.result = flyway.migrate();
        log.info("Event store schema '{}' at version {} ({} migration(s) applied now)", schema,
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                result.migrationsExecuted);
    }

    public MigrateResult result() {
        return result;
    }
}
