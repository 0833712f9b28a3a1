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
import java.util.ArrayList;
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
final class RunSearchState {

    static final class Doc {
        final String id;
        RunDocument document;
        long version;
        boolean dirty;
        boolean deleted;
        IncomingEvent cause;

        Doc(String id, RunDocument document, long version) {
            this.id = id;
            this.document = document;
            this.version = version;
        }
    }

    final Map<String, Doc> docs = new LinkedHashMap<>();
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

    void loaded(String id, RunDocument document, long version) {
        docs.put(id, new Doc(id, document, document != null ? Math.max(version, document.position()) : version));
    }

    /** Applies one event; returns how many documents it changed. */
    int apply(IncomingEvent incoming) {
        if (!(incoming.event() instanceof TrackingEvent event)) {
            return 0;
        }
        EventEnvelope envelope = incoming.envelope();
        long position = envelope.position();
        return switch (event) {
            case ExperimentCreated e -> 0;
            case ExperimentUpdated e -> 0;
            case ExperimentDeleted e -> {
                Set<String> ids = new LinkedHashSet<>(runsOfExperiment.getOrDefault(e.experimentId(), Set.of()));
                for (Doc doc : docs.values()) {
                    if (doc.document != null && e.experimentId().equals(doc.document.experimentId())) {
                        ids.add(doc.id);
                    }
                }
                int changed = 0;
                for (String id : ids) {
                    Doc doc = doc(id);
                    if (position > doc.version && !doc.deleted) {
                        delete(doc, position, incoming);
                        changed++;
                    }
                }
                yield changed;
            }
            case RunStarted e -> {
                Doc doc = doc(e.runId());
                if (position > doc.version && doc.document == null && !doc.deleted) {
                    write(doc, RunDocument.started(e, envelope.occurredAt(), envelope.actor(), position), incoming);
                    yield 1;
                }
                yield 0;
            }
            case RunDataLogged e -> {
                Doc doc = doc(e.runId());
                if (applicable(doc, position)) {
                    write(doc, doc.document.logged(e, position), incoming);
                    yield 1;
                }
                yield 0;
            }
            case RunArtifactsLogged e -> 0;
            case RunFinished e -> {
                Doc doc = doc(e.runId());
                if (applicable(doc, position)) {
                    write(doc, doc.document.finished(e, envelope.occurredAt(), position), incoming);
                    yield 1;
                }
                yield 0;
            }
            case RunDeleted e -> {
                Doc doc = doc(e.runId());
                if (position > doc.version && !doc.deleted) {
                    delete(doc, position, incoming);
                    yield 1;
                }
                yield 0;
            }
        };
    }

    List<Doc> changes() {
        List<Doc> changes = new ArrayList<>();
        for (Doc doc : docs.values()) {
            if (doc.dirty) {
                changes.add(doc);
            }
        }
        return changes;
    }

    private Doc doc(String id) {
        return docs.computeIfAbsent(id, key -> new Doc(key, null, 0));
    }

    private static boolean applicable(Doc doc, long position) {
        return doc.document != null && !doc.deleted && position > doc.version;
    }

    private static void write(Doc doc, RunDocument document, IncomingEvent cause) {
        doc.document = document;
        doc.version = document.position();
        doc.dirty = true;
        doc.deleted = false;
        doc.cause = cause;
    }

    private static void delete(Doc doc, long position, IncomingEvent cause) {
        doc.document = null;
        doc.version = position;
        doc.dirty = true;
        doc.deleted = true;
        doc.cause = cause;
    }
}
