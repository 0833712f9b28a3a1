package dev.modelregistry.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.projection.ProjectionsConfiguration.ProjectionsKafka;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class ProjectionsKafkaTest {

    private final ProjectionsKafka kafka = new ProjectionsKafka(
            () -> new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1")), "registry.events", 1,
            false);

    @Test
    void aFetchWaitLetsTheBrokerGatherABatchForThatLongOrAMegabyte() {
        Map<String, Object> config = kafka.containerConsumerProperties("search", 5000, Duration.ofMillis(200));
        assertThat(config).containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200)
                .containsEntry(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1024 * 1024)
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "search")
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    }

    @Test
    void withoutAFetchWaitARecordIsFetchedAsSoonAsItIsThere() {
        Map<String, Object> config = kafka.containerConsumerProperties("postgres", 2000, Duration.ZERO);
        assertThat(config).doesNotContainKeys(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG);
    }
}
