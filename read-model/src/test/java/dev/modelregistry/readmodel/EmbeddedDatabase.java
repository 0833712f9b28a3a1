package dev.modelregistry.readmodel;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An empty embedded PostgreSQL for the tests of one class: register it as
 * {@code @RegisterExtension static final EmbeddedDatabase database = new EmbeddedDatabase();}. Started
 * before the first test, stopped after the last; the class migrates what it needs.
 */
final class EmbeddedDatabase implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedPostgres postgres;
    private DataSource dataSource;
    private DSLContext ctx;

    DataSource dataSource() {
        return dataSource;
    }

    DSLContext ctx() {
        return ctx;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        dataSource = postgres.getPostgresDatabase();
        ctx = DSL.using(dataSource, SQLDialect.POSTGRES);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }
}
