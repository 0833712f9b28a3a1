package dev.modelregistry.projection.core;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Builds one read model from the records of {@code registry.events}. Implementations store the Kafka
 * offset and global position they applied per partition in {@code projection_progress}, in the same
 * PostgreSQL transaction as their rows (PostgreSQL projector) or right after the rows are durable
 * and visible (search projector), and are idempotent: applying a record twice changes nothing.
 */
public interface Projector {

    /** The projector's name in {@code projection_progress} ({@code postgres}, {@code search}). */
    String name();

    /**
     * Applies the records of one poll, in order, and records the progress (last offset, highest
     * position) of each partition they come from. Every record counts as processed, including those
     * that change nothing and those parked: read-your-writes compares offsets with it.
     *
     * @param records records of any partitions, in offset order within each partition
     */
    default BatchResult apply(List<ConsumerRecord<String, byte[]>> records) {
        return applyDecoded(IncomingEvent.decodeAll(records));
    }

    /**
     * {@link #apply} for records already decoded, so that a caller feeding several projectors (a
     * rebuild) decodes each record once.
     */
    BatchResult applyDecoded(List<IncomingEvent> events);

    /** The last offset applied per partition, as stored with the read model; absent = nothing yet. */
    Map<Integer, Long> storedOffsets();

    /**
     * Counts of one {@link #apply} call.
     *
     * @param applied records whose event was applied
     * @param duplicates records skipped because their event had already been applied
     * @param failed records parked in {@code projection_failure}
     * @param maxPosition the highest event position among the records (0 when none had one)
     */
    record BatchResult(int applied, int duplicates, int failed, long maxPosition) {

        public static final BatchResult EMPTY = new BatchResult(0, 0, 0, 0);

        public int records() {
            return applied + duplicates + failed;
        }
    }
}
