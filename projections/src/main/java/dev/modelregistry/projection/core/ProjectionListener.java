package dev.modelregistry.projection.core;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchConsumerAwareMessageListener;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * Connects a {@link Projector} to a Kafka listener container:
 * <ul>
 * <li>on assignment, seeks every partition to the offset after the one stored with the read model
 *     (or to the beginning): Kafka's committed offsets are not trusted;</li>
 * <li>hands each poll's records to the projector, which applies them and records the offset and
 *     position of each partition with them.</li>
 * </ul>
 * Errors from the projector propagate to the container's error handler, which retries the same
 * records with back-off: nothing is skipped and the stored position never moves past unapplied records.
 */
public final class ProjectionListener implements BatchConsumerAwareMessageListener<String, byte[]>,
        ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(ProjectionListener.class);

    private final Projector projector;

    public ProjectionListener(Projector projector) {
        this.projector = projector;
    }

    public Projector projector() {
        return projector;
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        Projector.BatchResult result;
        try {
            result = projector.apply(records);
        } catch (RuntimeException e) {
            // the container's error handler retries the same records with back-off; say why
            log.warn("{}: {} records not applied ({}); retrying with back-off", projector.name(), records.size(),
                    e.toString());
            throw e;
        }
        if (log.isDebugEnabled()) {
            log.debug("{}: {} records, applied {}, duplicates {}, parked {}, up to position {}", projector.name(),
                    records.size(), result.applied(), result.duplicates(), result.failed(), result.maxPosition());
        }
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<Integer, Long> stored = storedOffsetsWithRetry();
        for (TopicPartition partition : partitions) {
            Long offset = stored.get(partition.partition());
            if (offset == null || offset < 0) {
                consumer.seekToBeginning(List.of(partition));
                log.info("{}: {} assigned, no stored progress: from the beginning", projector.name(), partition);
            } else {
                consumer.seek(partition, offset + 1);
                log.info("{}: {} assigned, resuming at offset {}", projector.name(), partition, offset + 1);
            }
        }
    }

    /**
     * The stored offsets, waiting up to about 30 s for the database. Past that the exception reaches
     * the consumer, which then starts from Kafka's committed offsets: never ahead of the stored ones
     * (they are committed after the transaction), so at worst records are delivered again and skipped
     * as duplicates.
     */
    private Map<Integer, Long> storedOffsetsWithRetry() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Duration backOff = Duration.ofMillis(200);
        while (true) {
            try {
                return projector.storedOffsets();
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    log.error("{}: cannot read stored offsets: {}", projector.name(), e.toString());
                    throw e;
                }
                log.warn("{}: cannot read stored offsets ({}); retrying in {} ms", projector.name(), e.getMessage(),
                        backOff.toMillis());
                try {
                    Thread.sleep(backOff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backOff = backOff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5)
                        : backOff.multipliedBy(2);
            }
        }
    }
}
