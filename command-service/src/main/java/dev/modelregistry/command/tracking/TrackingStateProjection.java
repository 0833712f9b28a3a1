package dev.modelregistry.command.tracking;

import dev.modelregistry.events.tracking.ExperimentCreated;
import dev.modelregistry.events.tracking.ExperimentDeleted;
import dev.modelregistry.events.tracking.RunStarted;
import dev.modelregistry.command.eventstore.CommandSideProjections;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * Keeps the tracking tables in step with the events in the subscribing processor {@value CommandSideProjections#PROCESSOR}:
 * inside the unit of work of the command that produced them, on its database transaction, failures
 * propagated, so a refusal here (a taken name, a deleted experiment) refuses the command and nothing is
 * written. Holds only what the command side decides with: namespaces and names.
 */
@ProcessingGroup(CommandSideProjections.PROCESSOR)
class TrackingStateProjection {


    private final TrackingTables tables;

    TrackingStateProjection(TrackingTables tables) {
        this.tables = tables;
    }

    @EventHandler
    void on(ExperimentCreated event) {
        if (!tables.insertExperiment(event.experimentId(), event.namespace(), event.name())) {
            throw new TrackingError.ExperimentExists(event.namespace(), event.name());
        }
    }

    @EventHandler
    void on(ExperimentDeleted event) {
        tables.experimentDeleted(event.experimentId());
    }

    /** The sender found the experiment live; this re-checks it under a row lock in the command's transaction. */
    @EventHandler
    void on(RunStarted event) {
        TrackingTables.ExperimentRow experiment = tables.lockExperiment(event.experimentId())
                .orElseThrow(() -> new TrackingError.ExperimentNotFound(event.experimentId()));
        if (experiment.deleted()) {
            throw new TrackingError.ExperimentDeleted(event.experimentId());
        }
        tables.insertRun(event.runId(), event.experimentId(), experiment.namespace());
    }
}
