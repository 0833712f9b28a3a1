package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.projection.core.Projector;
import dev.modelregistry.projection.core.ReadModelDatabase;
import dev.modelregistry.projection.postgres.PostgresProjector;
import dev.modelregistry.readmodel.ReadModelSchema;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Projections are idempotent: the records of {@code registry.events}, as Kafka holds them, applied
 * twice give the same read model as applied once, the same as the live read model, and the live
 * projector skips records it has already applied (a publisher that sent an event twice).
 */
class ProjectionReplayTest extends RegistryIntegrationTest {

    private static final String SCHEMA = "replay_test";

    @Autowired
    DataSource dataSource;

    @Autowired
    PostgresProjector liveProjector;

    @Test
    void theTopicAppliedTwiceIntoAFreshSchemaGivesTheLiveReadModel() {
        History history = variedHistory("replay");
        assertThat(getAt("/api/v1/audit?page_size=1", history.lastPosition()).status()).isEqualTo(200);
        List<ConsumerRecord<String, byte[]>> records = KafkaTopic.records(SERVICES.endpoints().kafkaBootstrapServers());
        assertThat(records).extracting(ConsumerRecord::key).containsAll(history.models());

        ReadModelDatabase fresh = ReadModelDatabase.schema(dataSource, SCHEMA);
        fresh.dsl().execute("drop schema if exists " + SCHEMA + " cascade");
        ReadModelSchema.migrate(dataSource, SCHEMA);
        try {
            PostgresProjector projector = new PostgresProjector(fresh);
            int half = records.size() / 2;
            Projector.BatchResult first = projector.apply(records.subList(0, half));
            Projector.BatchResult second = projector.apply(records.subList(half, records.size()));
            assertThat(first.applied() + second.applied()).isPositive();
            Map<String, List<String>> once = ReadModelTables.all(SCHEMA);

            Projector.BatchResult again = projector.apply(records);
            assertThat(again.applied()).as("nothing is applied twice").isZero();
            ReadModelTables.assertSame(ReadModelTables.all(SCHEMA), once);

            // the same rows as the live read model: the models of this test, and every model's data
            ReadModelTables.assertSame(ReadModelTables.ofModels(SCHEMA, history.models()),
                    ReadModelTables.ofModels("read_model", history.models()));
            assertThat(ReadModelTables.ofModels(SCHEMA, history.models()).get("audit_log")).hasSize(
                    ((Number) value("select count(*) from event_store.domain_event_entry where aggregate_identifier in (?, ?, ?)",
                            history.models().toArray())).intValue());
            for (String table : ReadModelTables.MODEL_TABLES.keySet()) {
                assertThat(ReadModelTables.rows(SCHEMA, table, Set.of(), null)).as("rows of %s", table)
                        .containsExactlyElementsOf(ReadModelTables.rows("read_model", table, Set.of(), null));
            }
        } finally {
            fresh.dsl().execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @Test
    void theLiveProjectorSkipsRecordsItHasAlreadyApplied() {
        History history = variedHistory("resent");
        // both projectors are idle once they reached the last event
        assertThat(getAt("/api/v1/audit?page_size=1", history.lastPosition()).status()).isEqualTo(200);
        assertThat(getAt("/api/v1/search/versions?page_size=1", history.lastPosition()).status()).isEqualTo(200);
        List<ConsumerRecord<String, byte[]>> records = KafkaTopic.records(SERVICES.endpoints().kafkaBootstrapServers());
        Map<String, List<String>> before = ReadModelTables.all("read_model");

        Projector.BatchResult resent = liveProjector.apply(records);

        assertThat(resent.applied()).isZero();
        ReadModelTables.assertSame(ReadModelTables.all("read_model"), before);
    }
}
