package dev.modelregistry.readmodel;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Creates or upgrades a read-model schema. The live schema is {@value #LIVE}; a rebuild migrates a
 * fresh schema of another name with the same scripts and swaps it in.
 */
public final class ReadModelSchema {

    public static final String LIVE = "read_model";
    public static final String LOCATION = "classpath:db/read-model";

    private ReadModelSchema() {
    }

    public static void migrate(DataSource dataSource, String schema) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .createSchemas(true)
                .locations(LOCATION)
                .load()
                .migrate();
    }
}
