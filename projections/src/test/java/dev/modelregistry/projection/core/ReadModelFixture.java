package dev.modelregistry.projection.core;

import com.zaxxer.hikari.HikariDataSource;
import dev.modelregistry.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
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

    private Path directory;
    private EmbeddedPostgres postgres;
    private HikariDataSource dataSource;
    private ReadModelDatabase database;

    public ReadModelDatabase database() {
        return database;
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    public DSLContext dsl() {
        return database.dsl();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        directory = Files.createTempDirectory(context.getRequiredTestClass().getSimpleName());
        postgres = EmbeddedPostgres.builder(directory).build().start();
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
    public void afterAll(ExtensionContext context) throws IOException {
        if (dataSource != null) {
            dataSource.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (directory != null) {
            // each test class would otherwise leave its whole database cluster behind in the temp directory
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
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
