package dev.modelregistry.command.publication;

import dev.modelregistry.command.eventstore.EventPositions;
import dev.modelregistry.events.RegistryEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Publishes every stored event to Kafka, from the tracking processor {@value #PROCESSOR} whose token is
 * in {@code event_store.token_entry}.
 *
 * <p>The handler only collects the events of the processor's batch. Just before the batch's unit of
 * work commits (and with it the processor's new token, in the same database transaction), the batch is
 * sent to Kafka and every record awaited; if Kafka does not acknowledge, the exception rolls back the
 * transaction, the token stays where it was, and the processor retries the same events. So nothing is
 * lost while Kafka is down and publication resumes where it stopped; a crash between the
 * acknowledgement and the commit can publish events twice (consumers deduplicate by {@code ce_id}).
 * That commit does not wait for the disk ({@code synchronous_commit = off} for the batch's transaction):
 * a token lost to a crash of PostgreSQL or the machine means the same, events published again, and the
 * next batch does not wait for a disk sync.
 *
 * <p>{@code ce_position} is the event's global index, read from the event store for the whole batch in
 * one query inside the batch's transaction. (The tracking token's index is not used: for an event that
 * fills a gap it is the highest index seen so far, not the event's own.)
 */
@ProcessingGroup(KafkaEventPublisher.PROCESSOR)
public class KafkaEventPublisher {

    public static final String PROCESSOR = "kafka-publisher";

    private static final String BATCH = KafkaEventPublisher.class.getName() + ".batch";

    private final EventPositions positions;
    private final RegistryTopic topic;
    private final KafkaEventSender sender;
    private final String source;
    private final JdbcTemplate transaction;

    KafkaEventPublisher(EventPositions positions, RegistryTopic topic, KafkaEventSender sender, String source,
                        JdbcTemplate transaction) {
        this.positions = positions;
        this.transaction = transaction;
        this.topic = topic;
        this.sender = sender;
        this.source = source;
    }

    @EventHandler
    void on(RegistryEvent event, EventMessage<?> message) {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        List<EventMessage<?>> batch = unitOfWork.getOrComputeResource(BATCH, key -> {
            List<EventMessage<?>> events = new ArrayList<>();
            unitOfWork.onPrepareCommit(committing -> publish(events));
            return events;
        });
        batch.add(message);
    }

    private void publish(List<EventMessage<?>> events) {
        if (events.isEmpty()) {
            return;
        }
        transaction.execute("set local synchronous_commit = off");
        Map<String, Long> byIdentifier = positions.positionsOf(events.stream().map(EventMessage::getIdentifier).toList());
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(events.size());
        for (EventMessage<?> event : events) {
            Long position = byIdentifier.get(event.getIdentifier());
            if (position == null) {
                throw new IllegalStateException("event " + event.getIdentifier() + " is not in the event store");
            }
            records.add(CloudEventRecords.toRecord(topic.name(), source, event, position));
        }
        topic.ensureExists();
        sender.sendAll(records);
    }
}
