package dev.modelregistry.projection.search;

import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.events.RegistryEvent;
import dev.modelregistry.events.tracking.ExperimentCreated;
import dev.modelregistry.events.tracking.ExperimentDeleted;
import dev.modelregistry.events.tracking.ExperimentUpdated;
import dev.modelregistry.events.tracking.RunArtifactsLogged;
import dev.modelregistry.events.tracking.RunDataLogged;
import dev.modelregistry.events.tracking.RunDeleted;
import dev.modelregistry.events.tracking.RunFinished;
import dev.modelregistry.events.tracking.RunStarted;
import dev.modelregistry.events.tracking.TrackingEvent;
import dev.modelregistry.projection.core.IncomingEvent;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run documents one batch touches, in memory (the runs counterpart of {@link SearchState}):
 * loaded from the runs index, changed by the tracking events in order, written back with one bulk
 * request. A document changes only for an event newer than the last one applied to it (its external
 * version), so replays leave it as it is. A deleted run, and every run of a deleted experiment, leaves
 * the index (search finds live runs only).
 */
final class RunSearchState extends DocumentBatch<RunDocument> {

    /** ids of the indexed runs of experiments deleted by this batch */
    final Map<String, Set<String>> runsOfExperiment = new LinkedHashMap<>();

    /** The run ids an event reads or writes (an experiment's runs for ExperimentDeleted: see {@link #experimentsToList}). */
    static List<String> affectedIds(RegistryEvent event) {
        if (!(event instanceof TrackingEvent tracking)) {
            return List.of();
        }
        return switch (tracking) {
            case ExperimentCreated e -> List.of();
            case ExperimentUpdated e -> List.of();
            case ExperimentDeleted e -> List.of();
            case RunStarted e -> List.of(e.runId());
            case RunDataLogged e -> List.of(e.runId());
            case RunArtifactsLogged e -> List.of(); // artifact paths are not searchable
            case RunFinished e -> List.of(e.runId());
            case RunDeleted e -> List.of(e.runId());
        };
    }

    static Set<String> experimentsToList(Collection<IncomingEvent> events) {
        Set<String> experiments = new LinkedHashSet<>();
        for (IncomingEvent event : events) {
            if (event.event() instanceof ExperimentDeleted deleted) {
                experiments.add(deleted.experimentId());
            }
        }
        return experiments;
    }

    /** Applies one event; returns how many documents it changed. */
    @Override
    int apply(IncomingEvent incoming) {
        if (!(incoming.event() instanceof TrackingEvent event)) {
            return 0;
        }
        EventEnvelope envelope = incoming.envelope();
        long position = envelope.position();
        return switch (event) {
            case ExperimentCreated e -> 0;
            case ExperimentUpdated e -> 0;
            case ExperimentDeleted e -> deleteAll(runsOfExperiment.getOrDefault(e.experimentId(), Set.of()),
                    run -> e.experimentId().equals(run.experimentId()), incoming);
            case RunStarted e -> create(e.runId(), incoming,
                    () -> RunDocument.started(e, envelope.occurredAt(), envelope.actor(), position));
            case RunDataLogged e -> update(e.runId(), incoming, run -> run.logged(e, position));
            case RunArtifactsLogged e -> 0;
            case RunFinished e -> update(e.runId(), incoming, run -> run.finished(e, envelope.occurredAt(), position));
            case RunDeleted e -> delete(e.runId(), incoming);
        };
    }
}
