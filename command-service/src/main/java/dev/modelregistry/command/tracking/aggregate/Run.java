package dev.modelregistry.command.tracking.aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.modelregistry.command.tracking.TrackingError;
import dev.modelregistry.events.tracking.Param;
import dev.modelregistry.events.tracking.RunArtifactsLogged;
import dev.modelregistry.events.tracking.RunDataLogged;
import dev.modelregistry.events.tracking.RunDeleted;
import dev.modelregistry.events.tracking.RunFinished;
import dev.modelregistry.events.tracking.RunStarted;
import dev.modelregistry.events.tracking.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One run ({@code run:<id>}): started RUNNING, then batches of data and artifacts, then finished once;
 * deleted is a tombstone. The state keeps what the rules need: the status, the start time and the
 * logged params (immutable: the same key with another value is refused, the same value again records
 * nothing). Metric points are not kept (they never decide anything), so a long run's snapshot stays
 * small; a snapshot is taken every {@code registry.command.snapshot-threshold} events.
 */
@Aggregate(type = "Run", snapshotTriggerDefinition = TrackingAggregateConfiguration.RUN_SNAPSHOT_TRIGGER)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
class Run {

    @AggregateIdentifier
    private String id;
    private String runId;
    private RunStatus status;
    private boolean deleted;
    private Instant startTime;
    private Map<String, String> params = new HashMap<>();

    Run() {
        // for Axon
    }

    @CommandHandler
    Run(StartRun command) {
        apply(new RunStarted(command.runId(), command.experimentId(), command.namespace(), command.name(),
                command.startTime(), command.tags(), command.codeCommit(), command.framework(),
                command.frameworkVersion(), command.environment()));
    }

    @CommandHandler
    TrackingChange handle(LogRunData command) {
        requireActive();
        // params new to the run, in request order; a key twice in the batch must have one value
        Map<String, String> fresh = new LinkedHashMap<>();
        List<Param> params = command.params();
        for (int i = 0; i < params.size(); i++) {
            Param param = params.get(i);
            String logged = this.params.containsKey(param.key()) ? this.params.get(param.key()) : fresh.get(param.key());
            if (logged == null) {
                fresh.put(param.key(), param.value());
            } else if (!logged.equals(param.value())) {
                throw new TrackingError.ParamConflict("params[" + i + "].value", param.key(), logged, param.value());
            }
        }
        List<Param> newParams = new ArrayList<>(fresh.size());
        fresh.forEach((key, value) -> newParams.add(new Param(key, value)));
        if (newParams.isEmpty() && command.metrics().isEmpty() && command.tags().isEmpty()
                && command.inputs().isEmpty()) {
            return TrackingChange.UNCHANGED;
        }
        apply(new RunDataLogged(runId, newParams, command.metrics(), command.tags(), command.inputs()));
        return TrackingChange.RECORDED;
    }

    @CommandHandler
    TrackingChange handle(LogRunArtifacts command) {
        requireActive();
        if (command.files().isEmpty()) {
            return TrackingChange.UNCHANGED;
        }
        apply(new RunArtifactsLogged(runId, command.files()));
        return TrackingChange.RECORDED;
    }

    @CommandHandler
    TrackingChange handle(FinishRun command) {
        requireActive();
        if (command.endTime().isBefore(startTime)) {
            throw new TrackingError.EndBeforeStart(runId);
        }
        apply(new RunFinished(runId, command.status(), command.endTime()));
        return TrackingChange.RECORDED;
    }

    @CommandHandler
    TrackingChange handle(DeleteRun command) {
        if (deleted) {
            return TrackingChange.UNCHANGED;
        }
        apply(new RunDeleted(runId));
        return TrackingChange.RECORDED;
    }

    private void requireActive() {
        if (deleted) {
            throw new TrackingError.RunNotActive(runId, "DELETED");
        }
        if (status != RunStatus.RUNNING) {
            throw new TrackingError.RunNotActive(runId, status.name());
        }
    }

    @EventSourcingHandler
    void on(RunStarted event) {
        id = event.subject();
        runId = event.runId();
        status = RunStatus.RUNNING;
        startTime = event.startTime();
    }

    @EventSourcingHandler
    void on(RunDataLogged event) {
        event.params().forEach(param -> params.putIfAbsent(param.key(), param.value()));
    }

    @EventSourcingHandler
    void on(RunFinished event) {
        status = event.status();
    }

    @EventSourcingHandler
    void on(RunDeleted event) {
        deleted = true;
    }
}
