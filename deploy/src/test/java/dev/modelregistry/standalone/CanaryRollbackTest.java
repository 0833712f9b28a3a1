package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * Canaries and rollback over HTTP: a canary runs beside the incumbent (no other Production change while
 * it runs), is aborted (the incumbent keeps all traffic) or finalized (the incumbent is archived);
 * rollback brings back the previous Production version in one call, walks back one step at a time, and
 * answers 409 no_previous_production when there is none. The command-to-Kafka time of a rollback is
 * measured with a consumer already positioned at the end of the topic.
 */
class CanaryRollbackTest extends RegistryIntegrationTest {

    @Test
    void aCanaryIsAbortedOrFinalizedAndRollbackRestoresThePreviousProductionVersion() throws Exception {
        String model = registerModel(uniqueName("canary"));
        for (int v = 1; v <= 3; v++) {
            assertThat(registerVersion(model, 0.9).status()).isEqualTo(201);
        }
        assertThat(promote(model, 1, "{}").status()).isEqualTo(200);

        Answer canary = promote(model, 2, "{\"canary_pct\":10}");
        assertThat(canary.status()).as(canary.toString()).isEqualTo(200);
        assertThat(canary.json().get("canary_pct").asInt()).isEqualTo(10);
        assertThat(canary.json().get("incumbent").asInt()).isEqualTo(1);
        // while it runs: no other promotion, no archiving of either, no rollback
        assertProblem(promote(model, 3, "{}"), 409, "canary_running", "version");
        assertProblem(post(path(model, 1) + ":transition", "{\"stage\":\"Archived\"}"), 409,
                "canary_running", "version");
        assertProblem(post("/api/v1/models/" + model + ":rollback", "{}"), 409, "canary_running",
                "version");
        assertProblem(post(path(model, 1) + ":finalize", "{}"), 409, "canary_not_running", "version");

        Answer aborted = post(path(model, 2) + ":abort", "{\"reason\":\"error rate\"}");
        assertThat(aborted.status()).as(aborted.toString()).isEqualTo(200);
        assertThat(aborted.json().get("production_version").asInt()).isEqualTo(1);
        assertThat(aborted.json().get("archived_version").asInt()).isEqualTo(2);

        assertThat(promote(model, 3, "{\"canary_pct\":25}").status()).isEqualTo(200);
        Answer finalized = post(path(model, 3) + ":finalize", "{}");
        assertThat(finalized.status()).as(finalized.toString()).isEqualTo(200);
        assertThat(finalized.json().get("production_version").asInt()).isEqualTo(3);
        assertThat(finalized.json().get("archived_version").asInt()).isEqualTo(1);

        // rollback: 3 leaves, 1 (the Production version before it; the aborted canary never was) returns
        try (KafkaConsumer<String, byte[]> consumer = consumerAtEnd()) {
            long started = System.nanoTime();
            Answer rolledBack = post("/api/v1/models/" + model + ":rollback", "{\"reason\":\"bad release\"}");
            long answered = System.nanoTime();
            assertThat(rolledBack.status()).as(rolledBack.toString()).isEqualTo(200);
            assertThat(rolledBack.json().get("from_version").asInt()).isEqualTo(3);
            assertThat(rolledBack.json().get("to_version").asInt()).isEqualTo(1);
            long published = awaitRecord(consumer, model, "dev.modelregistry.model.production-rolled-back",
                    Duration.ofSeconds(30));
            assertThat(published).as("the rollback reached Kafka").isPositive();
            System.out.printf("CanaryRollbackTest: rollback answered in %.1f ms, on Kafka %.1f ms after the command "
                    + "was sent%n", (answered - started) / 1e6, (published - started) / 1e6);
        }
        assertProblem(post("/api/v1/models/" + model + ":rollback", "{}"), 409,
                "no_previous_production", null);
        assertThat(rows("select payload_type from event_store.domain_event_entry where aggregate_identifier = ? "
                + "and payload_type in ('dev.modelregistry.version.canary-aborted', "
                + "'dev.modelregistry.version.canary-finalized', 'dev.modelregistry.model.production-rolled-back') "
                + "order by global_index", model)).extracting(row -> row.get("payload_type"))
                .containsExactly("dev.modelregistry.version.canary-aborted", "dev.modelregistry.version.canary-finalized",
                        "dev.modelregistry.model.production-rolled-back");
    }

    Answer promote(String model, int version, String body) {
        return post(path(model, version) + ":promote", body);
    }

    static String path(String model, int version) {
        return "/api/v1/models/" + model + "/versions/" + version;
    }

    static KafkaConsumer<String, byte[]> consumerAtEnd() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SERVICES.endpoints().kafkaBootstrapServers());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(KafkaTopic.TOPIC, Duration.ofSeconds(10))
                .forEach(info -> partitions.add(new TopicPartition(KafkaTopic.TOPIC, info.partition())));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end offsets now, before the command
        return consumer;
    }

    /** The System.nanoTime() at which the record of {@code type} for {@code key} was polled, or -1. */
    static long awaitRecord(KafkaConsumer<String, byte[]> consumer, String key, String type, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                Header header = record.headers().lastHeader("ce_type");
                if (key.equals(record.key()) && header != null
                        && type.equals(new String(header.value(), StandardCharsets.UTF_8))) {
                    return System.nanoTime();
                }
            }
        }
        return -1;
    }
}
