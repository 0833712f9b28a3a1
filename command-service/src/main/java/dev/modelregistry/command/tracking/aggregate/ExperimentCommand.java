package dev.modelregistry.command.tracking.aggregate;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands of the {@code Experiment} aggregate, identified by the events' subject {@code experiment:<id>}. */
public sealed interface ExperimentCommand permits CreateExperiment, UpdateExperiment, DeleteExperiment {

    String experimentId();

    @TargetAggregateIdentifier
    default String aggregateId() {
        return "experiment:" + experimentId();
    }
}
