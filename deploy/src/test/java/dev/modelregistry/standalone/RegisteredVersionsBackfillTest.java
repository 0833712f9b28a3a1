package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.command.eventstore.EventStoreMigration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Migration V6 fills the table of registered versions from the events a store of an earlier release
 * already holds: in a scratch schema migrated to V5, events of two models are written as the event store
 * writes them (a v1 and a v2 VersionRegistered, a VersionDeleted, a ModelDeleted, a run's event and a
 * snapshot-free history), then V6 runs.
 */
class RegisteredVersionsBackfillTest extends RegistryIntegrationTest {

    @Test
    void theMigrationFillsTheTableFromEventsAlreadyStored() throws SQLException {
        String schema = "backfill_" + UUID.randomUUID().toString().substring(0, 8);
        try {
            migrate(schema, "5");
            try (Connection connection = database()) {
                event(connection, schema, "fraud.a", 0, "RegisteredModel", "dev.modelregistry.model.registered",
                        "{\"model\":\"fraud.a\"}");
                event(connection, schema, "fraud.a", 1, "RegisteredModel", "dev.modelregistry.version.registered",
                        "{\"model\":\"fraud.a\",\"version\":1,\"artifact\":{\"uri\":null,\"sha256\":\"" + DIGEST_A
                                + "\"},\"metrics\":{\"loss\":\"NaN\"}}");
                event(connection, schema, "fraud.a", 2, "RegisteredModel", "dev.modelregistry.version.registered",
                        "{\"model\":\"fraud.a\",\"version\":2,\"files\":[]}");
                event(connection, schema, "fraud.a", 3, "RegisteredModel", "dev.modelregistry.version.deleted",
                        "{\"model\":\"fraud.a\",\"version\":2}");
                event(connection, schema, "b", 0, "RegisteredModel", "dev.modelregistry.model.registered",
                        "{\"model\":\"b\"}");
                event(connection, schema, "b", 1, "RegisteredModel", "dev.modelregistry.version.registered",
                        "{\"model\":\"b\",\"version\":1}");
                event(connection, schema, "b", 2, "RegisteredModel", "dev.modelregistry.model.deleted",
                        "{\"model\":\"b\"}");
                event(connection, schema, "run:" + "a".repeat(32), 0, "Run", "dev.modelregistry.run.started",
                        "{\"run_id\":\"" + "a".repeat(32) + "\",\"version\":7}");
            }

            migrate(schema, null);

            assertThat(rows("select model, version, deleted from " + schema + ".registered_version "
                    + "order by model, version").toString()).isEqualTo("[{model=b, version=1, deleted=true}, "
                    + "{model=fraud.a, version=1, deleted=false}, {model=fraud.a, version=2, deleted=true}]");
        } finally {
            try (Connection connection = database(); Statement statement = connection.createStatement()) {
                statement.execute("drop schema if exists " + schema + " cascade");
            }
        }
    }

    /** The command side's own migrations ({@link EventStoreMigration#LOCATION}) up to {@code target} (null: all). */
    private static void migrate(String schema, String target) {
        var configuration = Flyway.configure()
                .dataSource(SERVICES.endpoints().jdbcUrl(), SERVICES.endpoints().username(),
                        SERVICES.endpoints().password())
                .schemas(schema).defaultSchema(schema).createSchemas(true)
                .locations(EventStoreMigration.LOCATION).table(EventStoreMigration.HISTORY_TABLE);
        if (target != null) {
            configuration.target(target);
        }
        configuration.load().migrate();
    }

    private static void event(Connection connection, String schema, String aggregate, long sequence, String type,
                              String payloadType, String json) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into " + schema + ".domain_event_entry "
                + "(aggregate_identifier, sequence_number, type, event_identifier, payload, payload_revision, "
                + "payload_type, time_stamp) values (?, ?, ?, ?, convert_to(?, 'UTF8'), '1', ?, "
                + "'2026-01-01T00:00:00Z')")) {
            insert.setString(1, aggregate);
            insert.setLong(2, sequence);
            insert.setString(3, type);
            insert.setString(4, UUID.randomUUID().toString());
            insert.setString(5, json);
            insert.setString(6, payloadType);
            insert.executeUpdate();
        }
    }
}
