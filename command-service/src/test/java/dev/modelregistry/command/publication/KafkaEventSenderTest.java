package dev.modelregistry.command.publication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The sender against Kafka's own MockProducer: all acknowledged, or retried, or failed. */
class KafkaEventSenderTest {

    static List<ProducerRecord<String, byte[]>> records(int n) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(new ProducerRecord<>("registry.events", "m", ("e" + i).getBytes()));
        }
        return records;
    }

    static MockProducer<String, byte[]> acknowledging() {
        return new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    }

    @Test
    void returns_when_every_record_is_acknowledged_in_order() {
        MockProducer<String, byte[]> producer = acknowledging();
        KafkaEventSender sender = new KafkaEventSender(Map.of(), Duration.ofSeconds(1), Duration.ofSeconds(1),
                config -> producer);
        sender.sendAll(records(3));
        assertThat(producer.history()).extracting(r -> new String(r.value())).containsExactly("e0", "e1", "e2");
    }

    @Test
    void resends_what_was_not_acknowledged_on_a_fresh_producer() {
        AtomicInteger created = new AtomicInteger();
        List<MockProducer<String, byte[]>> producers = new ArrayList<>();
        KafkaEventSender sender = new KafkaEventSender(Map.of(), Duration.ofSeconds(10), Duration.ofSeconds(1),
                config -> {
                    MockProducer<String, byte[]> producer;
                    if (created.getAndIncrement() == 0) {
                        // first producer: Kafka is down, the second record never gets an answer
                        producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
                        Thread.ofVirtual().start(() -> {
                            while (producer.history().size() < 3) {
                                Thread.onSpinWait();
                            }
                            producer.completeNext();
                            producer.errorNext(new TimeoutException("broker down"));
                        });
                    } else {
                        producer = acknowledging();
                    }
                    producers.add(producer);
                    return producer;
                });
        sender.sendAll(records(3));
        assertThat(created).hasValue(2);
        assertThat(producers.get(1).history()).extracting(r -> new String(r.value())).containsExactly("e1", "e2");
    }

    @Test
    void fails_after_the_retry_window_so_the_transaction_rolls_back() {
        KafkaEventSender sender = new KafkaEventSender(Map.of(), Duration.ofMillis(300), Duration.ofSeconds(1),
                config -> {
                    MockProducer<String, byte[]> producer =
                            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
                    Thread.ofVirtual().start(() -> {
                        while (producer.history().isEmpty()) {
                            Thread.onSpinWait();
                        }
                        producer.errorNext(new TimeoutException("broker down"));
                    });
                    return producer;
                });
        assertThatThrownBy(() -> sender.sendAll(records(1)))
                .isInstanceOf(PublicationFailedException.class)
                .hasRootCauseInstanceOf(TimeoutException.class);
    }
}
