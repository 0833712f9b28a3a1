package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.events.CloudEventHeaders;
import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.events.model.ModelEvent;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.events.model.ModelUpdated;
import dev.modelregistry.projection.core.Projector;
import dev.modelregistry.projection.core.ReadModelDatabase;
import dev.modelregistry.projection.postgres.PostgresProjector;
import dev.modelregistry.readmodel.ReadModelSchema;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Records a projector cannot apply are parked in {@code projection_failure} with what is known about
 * them, and never stop the events behind them.
 */
class ProjectionFailureTest extends RegistryIntegrationTest {

    @Autowired
    DataSource dataSource;

    /**
     * Records on the live topic that are not events of this code base (a newer producer's type, a
     * broken body, no CloudEvents headers at all) are parked by both projectors, and the real events
     * after them are projected and searchable.
     */
    @Test
    void recordsThatAreNotOurEventsAreParkedAndTheEventsBehindThemAreProjected() throws Exception {
        String model = registerModel(uniqueName("poison"));
        List<Long> offsets = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            offsets.add(send(producer, KafkaTopic.TOPIC, model, headers(model, "dev.modelregistry.model.renamed"),
                    "{\"model\":\"" + model + "\",\"new_name\":\"other\"}"));
            offsets.add(send(producer, KafkaTopic.TOPIC, model, headers(model, "dev.modelregistry.model.updated"),
                    "{not json"));
            offsets.add(send(producer, KafkaTopic.TOPIC, model, Map.of(), "hello"));
        }
        Answer behind = registerVersion(model, 0.9);
        assertThat(behind.status()).isEqualTo(201);

        assertThat(getAt("/api/v1/models/" + model + "/versions", behind.position()).json().get("items")).hasSize(1);
        assertThat(getAt("/api/v1/search/versions?filter=" + URLEncoder.encode("model = '" + model + "'",
                StandardCharsets.UTF_8), behind.position()).json().get("total_hits").asLong()).isEqualTo(1);
        assertThat(getAt("/api/v1/audit?model=" + model, behind.position()).json().get("items")).hasSize(2);

        List<Map<String, Object>> parked = rows("select projector, kafka_offset, event_type, model, error "
                + "from read_model.projection_failure where kafka_offset between ? and ? order by projector, kafka_offset",
                offsets.getFirst(), offsets.getLast());
        assertThat(parked).extracting(row -> row.get("projector") + "@" + row.get("kafka_offset")).containsExactly(
                "postgres@" + offsets.get(0), "postgres@" + offsets.get(1), "postgres@" + offsets.get(2),
                "search@" + offsets.get(0), "search@" + offsets.get(1), "search@" + offsets.get(2));
        assertThat(parked.getFirst()).containsEntry("event_type", "dev.modelregistry.model.renamed")
                .containsEntry("model", model);
        assertThat(parked).allSatisfy(row -> assertThat((String) row.get("error")).isNotBlank());
    }

    /**
     * A record the database refuses (PostgreSQL text cannot hold NUL) is parked and the other records
     * of its batch are applied. Such an event cannot come from the command side (it refuses control
     * characters), so the records come from a topic of their own, through Kafka, into a fresh schema.
     */
    @Test
    void aRecordTheDatabaseRefusesIsParkedAndTheRestOfItsBatchApplied() throws Exception {
        String topic = "projection-failure-test-" + UUID.randomUUID();
        String bootstrap = SERVICES.endpoints().kafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        List<EventEnvelope> events = List.of(
                envelope(1, new ModelRegistered("m0", "registered", "risk", Map.of())),
                envelope(2, new ModelRegistered("m1", "registered", "risk", Map.of())),
                envelope(3, new ModelRegistered("m2", "registered", "risk", Map.of())),
                envelope(4, new ModelUpdated("m0", "fine", Map.of())),
                envelope(5, new ModelUpdated("m1", "not\u0000text", Map.of())),
                envelope(6, new ModelUpdated("m2", "also fine", Map.of())));
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (EventEnvelope event : events) {
                Map<String, String> headers = new LinkedHashMap<>();
                event.kafkaHeaders().forEach((name, value) -> headers.put(name, new String(value, StandardCharsets.UTF_8)));
                send(producer, topic, event.subject(), headers, new String(event.body(), StandardCharsets.UTF_8));
            }
        }
        List<ConsumerRecord<String, byte[]>> records = KafkaTopic.records(bootstrap, topic);
        assertThat(records).hasSize(events.size());

        String schema = "failure_test";
        ReadModelDatabase fresh = ReadModelDatabase.schema(dataSource, schema);
        fresh.dsl().execute("drop schema if exists " + schema + " cascade");
        ReadModelSchema.migrate(dataSource, schema);
        try {
            Projector.BatchResult result = new PostgresProjector(fresh).apply(records);

            assertThat(result.applied()).isEqualTo(5);
            assertThat(result.failed()).isEqualTo(1);
            assertThat(rows("select name, description from " + schema + ".model order by name"))
                    .extracting(row -> row.get("name") + ": " + row.get("description"))
                    .containsExactly("m0: fine", "m1: registered", "m2: also fine");
            assertThat(rows("select position, kafka_offset, error from " + schema + ".projection_failure"))
                    .singleElement().satisfies(row -> {
                        assertThat(row).containsEntry("position", 5L).containsEntry("kafka_offset", 4L);
                        assertThat((String) row.get("error")).contains("database refused");
                    });
            assertThat(rows("select position from " + schema + ".audit_log order by position"))
                    .extracting(row -> row.get("position")).containsExactly(1L, 2L, 3L, 4L, 6L);
        } finally {
            fresh.dsl().execute("drop schema if exists " + schema + " cascade");
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.deleteTopics(List.of(topic)).all().get();
            }
        }
    }

    private static EventEnvelope envelope(long position, ModelEvent event) {
        return EventEnvelope.of(event, UUID.randomUUID().toString(), position,
                Instant.parse("2026-11-23T10:00:00Z").plusSeconds(position), "alice", "corr-" + position, null,
                CloudEventHeaders.DEFAULT_SOURCE);
    }

    /** The CloudEvents headers of a record of {@code type}, without a position (nothing to wait for). */
    private static Map<String, String> headers(String model, String type) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CloudEventHeaders.SPEC_VERSION, "1.0");
        headers.put(CloudEventHeaders.ID, UUID.randomUUID().toString());
        headers.put(CloudEventHeaders.TYPE, type);
        headers.put(CloudEventHeaders.SOURCE, "/elsewhere");
        headers.put(CloudEventHeaders.SUBJECT, model);
        headers.put(CloudEventHeaders.TIME, "2026-11-23T10:00:00Z");
        headers.put(CloudEventHeaders.SCHEMA_VERSION, "1");
        headers.put(CloudEventHeaders.ACTOR, "mallory");
        return headers;
    }

    private static KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", SERVICES.endpoints().kafkaBootstrapServers(),
                "acks", "all"), new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends one record and returns its offset once Kafka acknowledged it. */
    private static long send(KafkaProducer<String, byte[]> producer, String topic, String key,
                             Map<String, String> headers, String body) throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, body.getBytes(StandardCharsets.UTF_8));
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        RecordMetadata metadata = producer.send(record).get();
        return metadata.offset();
    }
}
