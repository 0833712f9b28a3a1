package dev.modelregistry.projection;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.kafka.listener.BatchConsumerAwareMessageListener;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * Connects a {@link Projector} to a Kafka listener container:
 * <ul>
 * <li>on assignment, seeks every partition to the offset after the one stored with the read model
 *     (or to the beginning): Kafka's committed offsets are not trusted;</li>
 * <li>hands each poll's records to the projector together with the lag the consumer saw, so that
 *     {@code projection_progress.caught_up} tells whether the partition was consumed to its end;</li>
 * <li>on idle-container events (every {@code registry.projections.idle-event-interval} while idle),
 *     marks the idle partitions caught up again: {@code updated_at} then tells readers how recent the
 *     "consumed to its end" observation is (see {@link ProjectionProgress#hasReached}).</li>
 * </ul>
 * Errors from the projector propagate to the container's error handler, which retries the same
 * records with back-off: nothing is skipped and the stored position never moves past unapplied records.
 */
public final class ProjectionListener implements BatchConsumerAwareMessageListener<String, byte[]>,
        ConsumerAwareRebalanceListener, ApplicationListener<ListenerContainerIdleEvent> {

    private static final Logger log = LoggerFactory.getLogger(ProjectionListener.class);

    private final Projector projector;
    private final String listenerId;
    /** partition -> caught_up as last written */
    private final Map<Integer, Boolean> caughtUp = new ConcurrentHashMap<>();

    public ProjectionListener(Projector projector, String listenerId) {
        this.projector = projector;
        this.listenerId = listenerId;
    }

    public Projector projector() {
        return projector;
    }

    @Override
    public void onMessage(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        // every assigned partition whose lag is known: the flag doubles as a heartbeat (updated_at)
        Map<Integer, Boolean> toWrite = new HashMap<>(lagFlags(consumer, consumer.assignment()));
        for (ConsumerRecord<String, byte[]> record : records) {
            toWrite.putIfAbsent(record.partition(), Boolean.FALSE);
        }
        Projector.BatchResult result;
        try {
            result = projector.apply(records, toWrite);
        } catch (RuntimeException e) {
            // the container's error handler retries the same records with back-off; say why
            log.warn("{}: {} records not applied ({}); retrying with back-off", projector.name(), records.size(),
                    e.toString());
            throw e;
        }
        caughtUp.putAll(toWrite);
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
            caughtUp.remove(partition.partition());
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

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(p -> caughtUp.remove(p.partition()));
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(p -> caughtUp.remove(p.partition()));
    }

    /** Published on the consumer thread by the container when no records arrived for a while. */
    @Override
    public void onApplicationEvent(ListenerContainerIdleEvent event) {
        if (event.getListenerId() == null || !event.getListenerId().startsWith(listenerId)
                || event.getConsumer() == null || event.isPaused()) {
            return;
        }
        // written at every idle event, not only on change: readers need a recent "at its end"
        Map<Integer, Boolean> changed = lagFlags(event.getConsumer(), event.getTopicPartitions());
        if (changed.isEmpty()) {
            return;
        }
        try {
            projector.apply(List.of(), changed);
            caughtUp.putAll(changed);
        } catch (RuntimeException e) {
            log.warn("{}: cannot record caught-up partitions {} yet: {}", projector.name(), changed, e.getMessage());
        }
    }

    /** Partition -> (lag == 0) for the partitions whose lag the consumer knows. */
    private static Map<Integer, Boolean> lagFlags(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<Integer, Boolean> flags = new HashMap<>();
        if (partitions == null) {
            return flags;
        }
        for (TopicPartition partition : partitions) {
            try {
                OptionalLong lag = consumer.currentLag(partition);
                if (lag.isPresent()) {
                    flags.put(partition.partition(), lag.getAsLong() == 0);
                }
            } catch (RuntimeException e) {
                // partition no longer assigned, or not on the consumer thread: unknown
            }
        }
        return flags;
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
