package dev.modelregistry.projection.core;

import com.zaxxer.hikari.HikariDataSource;
import dev.modelregistry.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The live read model on an embedded PostgreSQL for the tests of one class: register it as
 * {@code @RegisterExtension static final ReadModelFixture readModel = new ReadModelFixture();}. It is
 * started and migrated before the first test, emptied before each test and stopped after the last.
 */
public final class ReadModelFixture implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private EmbeddedPostgres postgres;
    private HikariDataSource dataSource;
    private ReadModelDatabase database;

    public ReadModelDatabase database() {
        return database;
    }

    public DSLContext dsl() {
        return database.dsl();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        postgres = EmbeddedPostgres.builder(Files.createTempDirectory(context.getRequiredTestClass().getSimpleName()))
                .build().start();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.jdbcUrl());
        dataSource.setUsername(postgres.username());
        dataSource.setPassword(postgres.password());
        dataSource.setMaximumPoolSize(2);
        database = ReadModelDatabase.live(dataSource);
        database.migrate();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        empty();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (dataSource != null) {
            dataSource.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /**
     * Empties every table of the read model (listed from the catalog, so a new migration's tables are
     * included) but the migration history; an empty audit log starts its hash chains again.
     */
    public void empty() {
        var dsl = database.dsl();
        List<String> tables = dsl.fetch("select format('%I.%I', schemaname, tablename) from pg_tables "
                        + "where schemaname = ? and tablename not in ('flyway_schema_history', 'audit_chain_global')",
                database.schema()).getValues(0, String.class);
        dsl.execute("truncate " + String.join(", ", tables));
        dsl.execute("update read_model.audit_chain_global set chain_seq = 0, hash = repeat('0', 64)");
    }
}
