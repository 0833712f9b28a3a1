package dev.modelregistry.command.tracking.aggregate;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Commands of the {@code Run} aggregate, identified by the events' subject {@code run:<id>}. */
public sealed interface RunCommand permits StartRun, LogRunData, LogRunArtifacts, FinishRun, DeleteRun {

    String runId();

    @TargetAggregateIdentifier
    default String aggregateId() {
        return "run:" + runId();
    }
}
