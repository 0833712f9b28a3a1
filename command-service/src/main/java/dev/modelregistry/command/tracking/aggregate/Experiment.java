package dev.modelregistry.command.tracking.aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.modelregistry.command.tracking.TrackingError;
import dev.modelregistry.events.tracking.ExperimentCreated;
import dev.modelregistry.events.tracking.ExperimentDeleted;
import dev.modelregistry.events.tracking.ExperimentUpdated;
import dev.modelregistry.events.tracking.Tag;
import java.util.List;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One experiment ({@code experiment:<id>}): created in a namespace, updated, deleted (a tombstone). Few
 * events: no cache, no snapshots.
 */
@Aggregate(type = "Experiment")
class Experiment {

    @AggregateIdentifier
    private String id;
    private String experimentId;
    private String description;
    private List<Tag> tags;
    private boolean deleted;

    Experiment() {
        // for Axon
    }

    @CommandHandler
    Experiment(CreateExperiment command) {
        apply(new ExperimentCreated(command.experimentId(), command.namespace(), command.name(), command.description(),
                command.tags()));
    }

    @CommandHandler
    ExperimentDetails handle(UpdateExperiment command) {
        if (deleted) {
            throw new TrackingError.ExperimentDeleted(experimentId);
        }
        String newDescription = command.description() != null ? command.description() : description;
        List<Tag> newTags = command.tags() != null ? command.tags() : tags;
        if (Objects.equals(newDescription, description) && newTags.equals(tags)) {
            return new ExperimentDetails(experimentId, description, tags, false);
        }
        apply(new ExperimentUpdated(experimentId, newDescription, newTags));
        return new ExperimentDetails(experimentId, description, tags, true);
    }

    @CommandHandler
    TrackingChange handle(DeleteExperiment command) {
        if (deleted) {
            return TrackingChange.UNCHANGED;
        }
        apply(new ExperimentDeleted(experimentId));
        return TrackingChange.RECORDED;
    }

    @EventSourcingHandler
    void on(ExperimentCreated event) {
        id = event.subject();
        experimentId = event.experimentId();
        description = event.description();
        tags = event.tags();
    }

    @EventSourcingHandler
    void on(ExperimentUpdated event) {
        description = event.description();
        tags = event.tags();
    }

    @EventSourcingHandler
    void on(ExperimentDeleted event) {
        deleted = true;
    }
}
