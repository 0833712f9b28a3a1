package dev.modelregistry.command.publication;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;

/**
 * Where publication stands, from the {@value KafkaEventPublisher#PROCESSOR} processor's in-memory
 * status: the tracking position it has committed, whether it has caught up with the event store, and
 * whether it is retrying a failure (Kafka unreachable). For health details, tests and operators.
 */
public class PublicationStatus {

    /** A snapshot of the publisher's state; {@code position} is the tracking token's index. */
    public record Snapshot(boolean running, OptionalLong position, boolean caughtUp, String error) {
    }

    private final EventProcessingConfiguration processing;

    public PublicationStatus(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    public Snapshot current() {
        Optional<TrackingEventProcessor> processor =
                processing.eventProcessor(KafkaEventPublisher.PROCESSOR, TrackingEventProcessor.class);
        if (processor.isEmpty()) {
            return new Snapshot(false, OptionalLong.empty(), false, null);
        }
        Map<Integer, EventTrackerStatus> segments = processor.get().processingStatus();
        OptionalLong position = OptionalLong.empty();
        boolean caughtUp = !segments.isEmpty();
        String error = null;
        for (EventTrackerStatus segment : segments.values()) {
            TrackingToken token = segment.getTrackingToken();
            OptionalLong segmentPosition = token == null ? OptionalLong.empty() : token.position();
            if (segmentPosition.isPresent()
                    && (position.isEmpty() || segmentPosition.getAsLong() < position.getAsLong())) {
                position = segmentPosition;
            }
            caughtUp &= segment.isCaughtUp();
            if (segment.isErrorState() && segment.getError() != null) {
                error = segment.getError().getClass().getSimpleName() + ": " + segment.getError().getMessage();
            }
        }
        return new Snapshot(processor.get().isRunning(), position, caughtUp, error);
    }
}
