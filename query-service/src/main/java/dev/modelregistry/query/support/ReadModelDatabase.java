package dev.modelregistry.query.support;

import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DataSourceConnectionProvider;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * The jOOQ entry point of the query side over the read-model database. Deliberately not a
 * {@code DSLContext} bean: in the standalone context the projections own the {@code DSLContext}
 * (with Spring transactions); the query side only reads, one statement per query, each statement
 * bounded by a timeout.
 */
public final class ReadModelDatabase {

    /** Seconds one read-model statement may run. */
    static final int QUERY_TIMEOUT_SECONDS = 30;

    private final DSLContext dsl;

    public ReadModelDatabase(DataSource dataSource) {
        this.dsl = DSL.using(new DataSourceConnectionProvider(new TransactionAwareDataSourceProxy(dataSource)),
                SQLDialect.POSTGRES,
                new Settings()
                        .withExecuteLogging(false)
                        .withRenderCatalog(false)
                        .withQueryTimeout(QUERY_TIMEOUT_SECONDS));
    }

    public DSLContext dsl() {
        return dsl;
    }
}
