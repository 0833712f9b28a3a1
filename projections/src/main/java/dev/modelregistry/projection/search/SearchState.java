package dev.modelregistry.projection.search;

import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.events.RegistryEvent;
import dev.modelregistry.events.access.AccessEvent;
import dev.modelregistry.events.evaluation.EvaluatorEvent;
import dev.modelregistry.events.tracking.TrackingEvent;
import dev.modelregistry.events.artifact.ArtifactCorruptionDetected;
import dev.modelregistry.events.artifact.ArtifactDeleted;
import dev.modelregistry.events.artifact.ArtifactEvent;
import dev.modelregistry.events.artifact.ArtifactStorageClassChanged;
import dev.modelregistry.events.artifact.ArtifactStored;
import dev.modelregistry.events.model.AliasAssigned;
import dev.modelregistry.events.model.AliasRemoved;
import dev.modelregistry.events.model.CanaryAborted;
import dev.modelregistry.events.model.CanaryFinalized;
import dev.modelregistry.events.model.EvaluationReportAttached;
import dev.modelregistry.events.model.ModelDeprecationWarned;
import dev.modelregistry.events.model.ModelExpired;
import dev.modelregistry.events.model.ModelOwnerReassigned;
import dev.modelregistry.events.model.ProductionRolledBack;
import dev.modelregistry.events.model.PromotionApproved;
import dev.modelregistry.events.model.PromotionPolicySet;
import dev.modelregistry.events.model.PromotionRefused;
import dev.modelregistry.events.model.PromotionRequested;
import dev.modelregistry.events.model.VersionPromoted;
import dev.modelregistry.events.model.ModelDeleted;
import dev.modelregistry.events.model.ModelEvent;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.events.model.ModelUpdated;
import dev.modelregistry.events.model.Stage;
import dev.modelregistry.events.model.VersionDeleted;
import dev.modelregistry.events.model.VersionRegistered;
import dev.modelregistry.events.model.VersionRestored;
import dev.modelregistry.events.model.VersionStageTransitioned;
import dev.modelregistry.projection.core.IncomingEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The documents one batch touches, in memory: loaded from the index, changed by the events in order,
 * then written back with one bulk request. No I/O, so the event-to-document rules are testable alone.
 *
 * <p>A document changes only for an event newer than the last one applied to it (its
 * {@code position}, which is also its external version in Elasticsearch), so replays and duplicates
 * leave it as it is.
 */
final class SearchState {

    /** One document id: its current document (null when absent or deleted) and what to write. */
    static final class Doc {
        final String id;
        VersionDocument document;
        /** position of the last event applied (document version or deletion position); 0 = never */
        long version;
        boolean dirty;
        boolean deleted;
        /** the last event that changed it, to park when Elasticsearch refuses the document */
        IncomingEvent cause;

        Doc(String id, VersionDocument document, long version) {
            this.id = id;
            this.document = document;
            this.version = version;
        }
    }

    final Map<String, Doc> docs = new LinkedHashMap<>();
    /** ids of the indexed documents of models deleted by this batch */
    final Map<String, Set<String>> documentsOfModel = new LinkedHashMap<>();

    /** The document ids an event reads or writes (the model's documents for ModelDeleted: see {@link #modelsToList}). */
    static List<String> affectedIds(RegistryEvent event) {
        return switch (event) {
            case ModelEvent e -> affectedIds(e);
            case ArtifactEvent e -> affectedIds(e);
            case AccessEvent e -> List.of(); // users, namespaces and grants are not searchable
            case EvaluatorEvent e -> List.of(); // nor evaluators
            case TrackingEvent e -> List.of(); // runs get an index of their own (not yet)
            default -> List.of();
        };
    }

    /**
     * None: a version document holds the digests of its files, which never change; what happens to
     * a blob afterwards (corruption, deletion, storage class) is not searchable.
     */
    static List<String> affectedIds(ArtifactEvent event) {
        return switch (event) {
            case ArtifactStored e -> List.of();
            case ArtifactCorruptionDetected e -> List.of();
            case ArtifactDeleted e -> List.of();
            case ArtifactStorageClassChanged e -> List.of();
        };
    }

    static List<String> affectedIds(ModelEvent event) {
        return switch (event) {
            case ModelRegistered e -> List.of();
            case ModelUpdated e -> List.of();
            case ModelDeleted e -> List.of();
            case VersionRegistered e -> List.of(VersionDocument.id(e.model(), e.version()));
            case VersionStageTransitioned e -> List.of(VersionDocument.id(e.model(), e.version()));
            case VersionRestored e -> List.of(VersionDocument.id(e.model(), e.version()));
            case VersionDeleted e -> List.of(VersionDocument.id(e.model(), e.version()));
            case AliasAssigned e -> e.previousVersion() == null || e.previousVersion() == e.version()
                    ? List.of(VersionDocument.id(e.model(), e.version()))
                    : List.of(VersionDocument.id(e.model(), e.version()), VersionDocument.id(e.model(), e.previousVersion()));
            case AliasRemoved e -> List.of(VersionDocument.id(e.model(), e.version()));
            // governance: no field of a version document; a promotion's stage moves are their own events
            case PromotionPolicySet e -> List.of();
            case EvaluationReportAttached e -> List.of();
            case PromotionRequested e -> List.of();
            case PromotionApproved e -> List.of();
            case PromotionRefused e -> List.of();
            case VersionPromoted e -> List.of();
            case CanaryFinalized e -> List.of();
            case CanaryAborted e -> List.of();
            case ProductionRolledBack e -> List.of();
            case ModelOwnerReassigned e -> List.of();
            case ModelDeprecationWarned e -> List.of();
            case ModelExpired e -> List.of();
        };
    }

    /** The models whose documents must be listed from the index before applying (ModelDeleted). */
    static Set<String> modelsToList(Collection<IncomingEvent> events) {
        Set<String> models = new LinkedHashSet<>();
        for (IncomingEvent event : events) {
            if (event.event() instanceof ModelDeleted deleted) {
                models.add(deleted.model());
            }
        }
        return models;
    }

    /** Registers a loaded document (or its absence: {@code document == null, version == 0}). */
    void loaded(String id, VersionDocument document, long version) {
        docs.put(id, new Doc(id, document, document != null ? Math.max(version, document.position()) : version));
    }

    /** Applies one event to the documents it affects; returns how many documents it changed. */
    int apply(IncomingEvent incoming) {
        return switch (incoming.event()) {
            case ModelEvent e -> apply(e, incoming);
            case ArtifactEvent e -> 0; // no document holds what an artifact event changes
            case AccessEvent e -> 0;
            case EvaluatorEvent e -> 0;
            case TrackingEvent e -> 0;
            default -> 0;
        };
    }

    private int apply(ModelEvent event, IncomingEvent incoming) {
        EventEnvelope envelope = incoming.envelope();
        long position = envelope.position();
        int changed = 0;
        switch (event) {
            case ModelRegistered e -> {
                // model-level fields are not part of the versions index
            }
            case ModelUpdated e -> {
            }
            case ModelDeleted e -> {
                Set<String> ids = new LinkedHashSet<>(documentsOfModel.getOrDefault(e.model(), Set.of()));
                for (Doc doc : docs.values()) {
                    if (doc.document != null && doc.document.model().equals(e.model())) {
                        ids.add(doc.id);
                    }
                }
                for (String id : ids) {
                    Doc doc = docs.computeIfAbsent(id, key -> new Doc(key, null, 0));
                    if (position > doc.version && !doc.deleted) {
                        delete(doc, position, incoming);
                        changed++;
                    }
                }
            }
            case VersionRegistered e -> {
                Doc doc = doc(VersionDocument.id(e.model(), e.version()));
                if (position > doc.version && doc.document == null && !doc.deleted) {
                    write(doc, VersionDocument.registered(e, envelope.occurredAt(), envelope.actor(), position), incoming);
                    changed++;
                }
            }
            case VersionStageTransitioned e -> changed += stage(e.model(), e.version(), e.to().label(), incoming);
            case VersionRestored e -> changed += stage(e.model(), e.version(), Stage.NONE.label(), incoming);
            case VersionDeleted e -> {
                Doc doc = doc(VersionDocument.id(e.model(), e.version()));
                if (position > doc.version && !doc.deleted) {
                    delete(doc, position, incoming);
                    changed++;
                }
            }
            case AliasAssigned e -> {
                if (e.previousVersion() != null && e.previousVersion() != e.version()) {
                    Doc previous = doc(VersionDocument.id(e.model(), e.previousVersion()));
                    if (applicable(previous, position)) {
                        write(previous, previous.document.withoutAlias(e.alias(), position), incoming);
                        changed++;
                    }
                }
                Doc doc = doc(VersionDocument.id(e.model(), e.version()));
                if (applicable(doc, position)) {
                    write(doc, doc.document.withAlias(e.alias(), position), incoming);
                    changed++;
                }
            }
            case AliasRemoved e -> {
                Doc doc = doc(VersionDocument.id(e.model(), e.version()));
                if (applicable(doc, position)) {
                    write(doc, doc.document.withoutAlias(e.alias(), position), incoming);
                    changed++;
                }
            }
            // governance changes no version document (see affectedIds)
            case PromotionPolicySet e -> {
            }
            case EvaluationReportAttached e -> {
            }
            case PromotionRequested e -> {
            }
            case PromotionApproved e -> {
            }
            case PromotionRefused e -> {
            }
            case VersionPromoted e -> {
            }
            case CanaryFinalized e -> {
            }
            case CanaryAborted e -> {
            }
            case ProductionRolledBack e -> {
            }
            case ModelOwnerReassigned e -> {
            }
            case ModelDeprecationWarned e -> {
            }
            case ModelExpired e -> {
            }
        }
        return changed;
    }

    /** The documents to write, in the order they were first touched. */
    List<Doc> changes() {
        List<Doc> changes = new ArrayList<>();
        for (Doc doc : docs.values()) {
            if (doc.dirty) {
                changes.add(doc);
            }
        }
        return changes;
    }

    private int stage(String model, int version, String stage, IncomingEvent incoming) {
        Doc doc = doc(VersionDocument.id(model, version));
        long position = incoming.envelope().position();
        if (!applicable(doc, position)) {
            return 0;
        }
        write(doc, doc.document.withStage(stage, position), incoming);
        return 1;
    }

    private Doc doc(String id) {
        return docs.computeIfAbsent(id, key -> new Doc(key, null, 0));
    }

    private static boolean applicable(Doc doc, long position) {
        return doc.document != null && !doc.deleted && position > doc.version;
    }

    private static void write(Doc doc, VersionDocument document, IncomingEvent cause) {
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
