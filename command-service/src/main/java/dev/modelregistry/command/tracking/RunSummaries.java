package dev.modelregistry.command.tracking;

import dev.modelregistry.events.model.ManifestFile;
import dev.modelregistry.events.tracking.DatasetInput;
import dev.modelregistry.events.tracking.MetricPoint;
import dev.modelregistry.events.tracking.RunArtifactsLogged;
import dev.modelregistry.events.tracking.RunDataLogged;
import dev.modelregistry.events.tracking.RunDeleted;
import dev.modelregistry.events.tracking.RunEvent;
import dev.modelregistry.events.tracking.RunFinished;
import dev.modelregistry.events.tracking.RunStarted;
import dev.modelregistry.events.tracking.RunStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;

/**
 * Folds a run's own event stream ({@code run:<id>}, from sequence 0: never from a snapshot, which holds
 * only what the aggregate decides with) into a {@link RunSummary}. The stream is read in the engine's
 * batches and only the latest point per metric key is kept, so a run with a million points costs one pass
 * and memory for its distinct keys.
 */
final class RunSummaries {

    private final EventStore eventStore;

    RunSummaries(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    Optional<RunSummary> read(String runId) {
        DomainEventStream stream = eventStore.readEvents("run:" + runId, 0L);
        Fold fold = new Fold();
        while (stream.hasNext()) {
            fold.apply(stream.next().getPayload());
        }
        return Optional.ofNullable(fold.summary());
    }

    /** The state of one fold, event by event. */
    private static final class Fold {
        private RunStarted started;
        private RunStatus status;
        private boolean deleted;
        private final Map<String, String> params = new HashMap<>();
        private final Map<String, MetricPoint> latest = new HashMap<>();
        private final List<DatasetInput> inputs = new ArrayList<>();
        private final Map<String, ManifestFile> artifacts = new TreeMap<>();

        /** Exhaustive over {@link RunEvent}: a new run event does not compile until it is folded here. */
        void apply(Object payload) {
            if (!(payload instanceof RunEvent event)) {
                return; // a run's stream holds only run events
            }
            switch (event) {
                case RunStarted e -> {
                    started = e;
                    status = RunStatus.RUNNING;
                }
                case RunDataLogged e -> {
                    // the aggregate records only new params; the first value of a key is the value
                    e.params().forEach(param -> params.putIfAbsent(param.key(), param.value()));
                    for (MetricPoint point : e.metrics()) {
                        latest.merge(point.key(), point,
                                (held, next) -> RunSummary.LATEST.compare(next, held) > 0 ? next : held);
                    }
                    inputs.addAll(e.inputs());
                }
                case RunArtifactsLogged e -> e.files().forEach(file -> artifacts.put(file.path(), file));
                case RunFinished e -> status = e.status();
                case RunDeleted e -> deleted = true;
            }
        }

        RunSummary summary() {
            if (started == null) {
                return null;
            }
            return new RunSummary(started.runId(), started.namespace(), status, deleted, started.codeCommit(),
                    started.framework(), started.frameworkVersion(), params, latest, inputs,
                    List.copyOf(artifacts.values()));
        }
    }
}
