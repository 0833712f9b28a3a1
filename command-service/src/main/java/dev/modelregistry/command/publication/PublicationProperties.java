package dev.modelregistry.command.publication;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Publication settings ({@code registry.kafka.*}); the connection itself comes from
 * {@code spring.kafka.*} (bootstrap servers, security).
 *
 * @param topic              the audit topic
 * @param partitions         partitions when the topic is created (default 1: total order, see the
 *                           consistency model in docs/architecture.md)
 * @param replicationFactor  replication when the topic is created; empty = the broker's default
 * @param batchSize          events per processor batch (one transaction, one token update)
 * @param publishRetryWindow how long a batch keeps retrying inside its transaction before the processor
 *                           releases it and retries with Axon's back-off (1 s doubling to 60 s)
 * @param maxBlock           producer {@code max.block.ms}: how long a send may wait for metadata
 * @param deliveryTimeout    producer {@code delivery.timeout.ms}: a record not acknowledged by then fails
 * @param producer           extra producer properties, applied last
 */
@ConfigurationProperties("registry.kafka")
public record PublicationProperties(
        @DefaultValue("registry.events") String topic,
        @DefaultValue("1") int partitions,
        Short replicationFactor,
        @DefaultValue("100") int batchSize,
        @DefaultValue("60s") Duration publishRetryWindow,
        @DefaultValue("5s") Duration maxBlock,
        @DefaultValue("10s") Duration deliveryTimeout,
        Map<String, String> producer) {

    public PublicationProperties {
        if (partitions < 1) {
            throw new IllegalArgumentException("registry.kafka.partitions must be at least 1");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("registry.kafka.batch-size must be at least 1");
        }
        producer = producer == null ? Map.of() : Map.copyOf(producer);
    }

    /** Settings with all defaults (for tests and tools). */
    public static PublicationProperties defaults() {
        return new PublicationProperties("registry.events", 1, null, 100, Duration.ofSeconds(60),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Map.of());
    }
}
