package dev.modelregistry.standalone;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads registry.events from offset 0 the way an outside consumer would. */
final class KafkaTopic {

    static final String TOPIC = "registry.events";

    /** A record as a consumer sees it: key, headers as strings, body. */
    record Event(String key, Map<String, String> headers, String body, int partition, long offset) {

        String header(String name) {
            return headers.get(name);
        }
    }

    private KafkaTopic() {
    }

    /** The records of every partition from offset 0 up to the end offsets as they are now, as Kafka holds them. */
    static List<ConsumerRecord<String, byte[]>> records(String bootstrapServers) {
        return records(bootstrapServers, TOPIC);
    }

    /** {@link #records(String)} of another topic. */
    static List<ConsumerRecord<String, byte[]>> records(String bootstrapServers, String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic not read to its end offsets " + end + " in 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** How many records the topic holds now (all partitions). */
    static long size(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions);
            return consumer.endOffsets(partitions).entrySet().stream()
                    .mapToLong(e -> e.getValue() - beginning.get(e.getKey())).sum();
        }
    }

    /** Reads the whole topic until {@code enough} holds for the matching records or the time is up. */
    static List<Event> readUntil(String bootstrapServers, Predicate<Event> matching, Predicate<List<Event>> enough,
                                 Duration timeout) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<Event> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                consumer.partitionsFor(TOPIC, Duration.ofSeconds(5))
                        .forEach(info -> partitions.add(new TopicPartition(TOPIC, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!enough.test(found) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new LinkedHashMap<>();
                    for (Header header : record.headers()) {
                        headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                    }
                    Event event = new Event(record.key(), headers, new String(record.value(), StandardCharsets.UTF_8),
                            record.partition(), record.offset());
                    if (matching.test(event)) {
                        found.add(event);
                    }
                }
            }
        }
        return found;
    }
}
