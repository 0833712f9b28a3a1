import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.ForcedType;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

/**
 * Build step (exec-maven-plugin, generate-sources): starts a throw-away embedded PostgreSQL,
 * applies the read-model Flyway migrations and generates the jOOQ classes from the real schema.
 * A real PostgreSQL, because jOOQ's DDLDatabase misreads PostgreSQL DDL (jsonb, partial indexes).
 *
 * Arguments: migrations directory, output directory, target package, schema name.
 */
public class JooqCodegen {

    public static void main(String[] args) throws Exception {
        Path migrations = Path.of(args[0]).toAbsolutePath();
        String output = Path.of(args[1]).toAbsolutePath().toString();
        String targetPackage = args[2];
        String schema = args[3];
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            Flyway.configure()
                    .dataSource(url, "postgres", "postgres")
                    .schemas(schema)
                    .createSchemas(true)
                    .locations("filesystem:" + migrations)
                    .load()
                    .migrate();
            GenerationTool.generate(new Configuration()
                    .withJdbc(new Jdbc().withDriver("org.postgresql.Driver").withUrl(url)
                            .withUser("postgres").withPassword("postgres"))
                    .withGenerator(new Generator()
                            .withDatabase(new Database()
                                    .withName("org.jooq.meta.postgres.PostgresDatabase")
                                    .withInputSchema(schema)
                                    // run_metric: a view for operators' ad-hoc SQL (V10), never for the application
                                    .withExcludes("flyway_schema_history|run_metric"))
                            .withGenerate(new Generate()
                                    .withJavaTimeTypes(true)
                                    .withRecords(true)
                                    .withPojos(false)
                                    .withDaos(false)
                                    .withFluentSetters(true))
                            .withTarget(new Target().withPackageName(targetPackage).withDirectory(output))));
        }
    }
}
