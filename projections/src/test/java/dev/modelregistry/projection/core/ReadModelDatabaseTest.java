package dev.modelregistry.projection.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ReadModelDatabaseTest {

    @RegisterExtension
    static final ReadModelFixture readModel = new ReadModelFixture();

    private static String synchronousCommit(org.jooq.DSLContext ctx) {
        return ctx.fetchValue(org.jooq.impl.DSL.field("current_setting('synchronous_commit')", String.class));
    }

    @Test
    void a_projection_transaction_commits_without_waiting_for_the_disk_and_leaves_the_connection_as_it_was() {
        var dsl = readModel.database().dsl();
        // the test cluster runs with synchronous_commit off; make new sessions durable as in production
        dsl.execute("alter role current_user set synchronous_commit = on");
        readModel.dataSource().getHikariPoolMXBean().softEvictConnections();

        assertThat(synchronousCommit(dsl)).isEqualTo("on");
        assertThat(readModel.database().inTransaction(ReadModelDatabaseTest::synchronousCommit)).isEqualTo("off");
        // SET LOCAL ends with the transaction: the pooled connection goes back durable
        assertThat(synchronousCommit(dsl)).isEqualTo("on");
    }
}
