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
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The version documents one batch touches (see {@link DocumentBatch}): the rules that turn model
 * events into documents of the versions index.
 */
final class SearchState extends DocumentBatch<VersionDocument> {

    /** ids of the indexed documents of models deleted by this batch */
    final Map<String, Set<String>> documentsOfModel = new LinkedHashMap<>();

    /** The document ids an event reads or writes (the model's documents for ModelDeleted: see {@link #modelsToList}). */
    static List<String> affectedIds(RegistryEvent event) {
        return switch (event) {
            case ModelEvent e -> affectedIds(e);
            case ArtifactEvent e -> affectedIds(e);
            case AccessEvent e -> List.of(); // users, namespaces and grants are not searchable
            case EvaluatorEvent e -> List.of(); // nor evaluators
            case TrackingEvent e -> List.of(); // runs have an index of their own (RunSearchState)
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

    /** Applies one event to the documents it affects; returns how many documents it changed. */
    @Override
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
            case ModelDeleted e -> changed += deleteAll(documentsOfModel.getOrDefault(e.model(), Set.of()),
                    version -> version.model().equals(e.model()), incoming);
            case VersionRegistered e -> changed += create(VersionDocument.id(e.model(), e.version()), incoming,
                    () -> VersionDocument.registered(e, envelope.occurredAt(), envelope.actor(), position));
            case VersionStageTransitioned e -> changed += stage(e.model(), e.version(), e.to().label(), incoming);
            case VersionRestored e -> changed += stage(e.model(), e.version(), Stage.NONE.label(), incoming);
            case VersionDeleted e -> changed += delete(VersionDocument.id(e.model(), e.version()), incoming);
            case AliasAssigned e -> {
                if (e.previousVersion() != null && e.previousVersion() != e.version()) {
                    changed += update(VersionDocument.id(e.model(), e.previousVersion()), incoming,
                            previous -> previous.withoutAlias(e.alias(), position));
                }
                changed += update(VersionDocument.id(e.model(), e.version()), incoming,
                        version -> version.withAlias(e.alias(), position));
            }
            case AliasRemoved e -> changed += update(VersionDocument.id(e.model(), e.version()), incoming,
                    version -> version.withoutAlias(e.alias(), position));
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

    private int stage(String model, int version, String stage, IncomingEvent incoming) {
        long position = incoming.envelope().position();
        return update(VersionDocument.id(model, version), incoming, document -> document.withStage(stage, position));
    }
}
