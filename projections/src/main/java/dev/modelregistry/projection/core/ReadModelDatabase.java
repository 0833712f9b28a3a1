package dev.modelregistry.projection.core;

import dev.modelregistry.readmodel.ReadModelSchema;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.RenderMapping;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * One read-model schema in PostgreSQL as the projectors see it: the live schema
 * {@value ReadModelSchema#LIVE}, or another one (a rebuild) that the generated jOOQ classes are
 * mapped onto at run time. Transactions are plain JDBC transactions on the shared
 * {@link DataSource}, independent of any Spring transaction manager in the same context.
 */
public final class ReadModelDatabase {

    private final DataSource dataSource;
    private final String schema;
    private final Settings settings;

    private ReadModelDatabase(DataSource dataSource, String schema) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.schema = Objects.requireNonNull(schema, "schema");
        Settings base = new Settings()
                .withExecuteLogging(false)
                .withRenderSchema(true);
        this.settings = schema.equals(ReadModelSchema.LIVE)
                ? base
                : base.withRenderMapping(new RenderMapping().withSchemata(
                        new MappedSchema().withInput(ReadModelSchema.LIVE).withOutput(schema)));
    }

    /** The live schema {@value ReadModelSchema#LIVE}. */
    public static ReadModelDatabase live(DataSource dataSource) {
        return new ReadModelDatabase(dataSource, ReadModelSchema.LIVE);
    }

    /** Another schema with the same tables, for example a rebuild's {@code read_model_rebuild}. */
    public static ReadModelDatabase schema(DataSource dataSource, String schema) {
        return new ReadModelDatabase(dataSource, schema);
    }

    public String schema() {
        return schema;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** A context outside any transaction (each statement commits on its own). */
    public DSLContext dsl() {
        return DSL.using(dataSource, SQLDialect.POSTGRES, settings);
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     *
     * <p>The commit does not wait for the WAL to reach the disk ({@code synchronous_commit = off} for this
     * transaction only; the command side's commits stay synchronous). Everything written here is derived
     * from Kafka and stored with the position it came from, in the same transaction: a commit lost to a
     * crash of PostgreSQL or of the machine loses the rows and their position together, and the projector
     * reads those records again. Not waiting for the flush takes a disk sync off every batch's path from
     * Kafka to a reader (docs/architecture.md, "Consistency").
     */
    public <T> T inTransaction(Function<DSLContext, T> work) {
        return dsl().transactionResult(configuration -> {
            DSLContext transaction = configuration.dsl();
            transaction.execute("set local synchronous_commit = off");
            return work.apply(transaction);
        });
    }

    /** Creates or upgrades this schema with the read-model migrations. */
    public void migrate() {
        ReadModelSchema.migrate(dataSource, schema);
    }

    @Override
    public String toString() {
        return "ReadModelDatabase[" + schema + "]";
    }
}
