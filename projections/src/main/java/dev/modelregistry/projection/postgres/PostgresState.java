package dev.modelregistry.projection.postgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.events.EventCodec;
import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.events.EventTypes;
import dev.modelregistry.events.RegistryEvent;
import dev.modelregistry.events.access.AccessEvent;
import dev.modelregistry.events.artifact.ArtifactCorruptionDetected;
import dev.modelregistry.events.artifact.ArtifactDeleted;
import dev.modelregistry.events.artifact.ArtifactEvent;
import dev.modelregistry.events.artifact.ArtifactStorageClassChanged;
import dev.modelregistry.events.artifact.ArtifactStored;
import dev.modelregistry.events.evaluation.EvaluatorEvent;
import dev.modelregistry.events.model.AliasAssigned;
import dev.modelregistry.events.model.AliasRemoved;
import dev.modelregistry.events.model.CanaryAborted;
import dev.modelregistry.events.model.CanaryFinalized;
import dev.modelregistry.events.model.EvaluationReportAttached;
import dev.modelregistry.events.model.ModelDeleted;
import dev.modelregistry.events.model.ModelDeprecationWarned;
import dev.modelregistry.events.model.ModelEvent;
import dev.modelregistry.events.model.ModelExpired;
import dev.modelregistry.events.model.ModelOwnerReassigned;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.events.model.ModelUpdated;
import dev.modelregistry.events.model.ProductionRolledBack;
import dev.modelregistry.events.model.PromotionApproved;
import dev.modelregistry.events.model.PromotionPolicySet;
import dev.modelregistry.events.model.PromotionRefused;
import dev.modelregistry.events.model.PromotionRequested;
import dev.modelregistry.events.model.Stage;
import dev.modelregistry.events.model.VersionDeleted;
import dev.modelregistry.events.model.VersionPromoted;
import dev.modelregistry.events.model.VersionRegistered;
import dev.modelregistry.events.model.VersionRestored;
import dev.modelregistry.events.model.VersionStageTransitioned;
import dev.modelregistry.events.tracking.TrackingEvent;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The PostgreSQL read model of one batch, in memory: the rows the batch touches as they were loaded,
 * the events applied to them in order, and the resulting writes. No I/O: {@link PostgresBatch}
 * loads it and flushes it, which keeps the rules of each event testable on their own.
 *
 * <p>Every effect of an event is guarded by the position of its subject ({@code model.last_position},
 * {@code artifact.last_position}): all events of a subject bump it and arrive in position order (one
 * aggregate, one Kafka key), so an event at or below it has already been applied and changes nothing
 * (replays, duplicates the audit check did not see).
 */
final class PostgresState {

    static final ObjectMapper JSON = EventCodec.objectMapper();

    record VersionKey(String model, int version) {
    }

    record AliasKey(String model, String alias) {
    }

    /** A {@code model} row: loaded ({@code isNew == false}) or created by this batch. */
    static final class ModelRow {
        final String name;
        String description;
        String ownerTeam;
        Map<String, String> tags;
        int latestVersion;
        OffsetDateTime createdAt;
        String createdBy;
        OffsetDateTime updatedAt;
        String updatedBy;
        OffsetDateTime deletedAt;
        String deletedBy;
        OffsetDateTime deprecationWarnedAt;
        OffsetDateTime deprecationExpiresAt;
        OffsetDateTime expiredAt;
        long lastPosition;
        final boolean isNew;
        boolean dirty;

        ModelRow(String name, boolean isNew) {
            this.name = name;
            this.isNew = isNew;
        }

        void touch(OffsetDateTime at, String actor, long position) {
            updatedAt = at;
            updatedBy = actor;
            lastPosition = position;
            dirty = true;
        }
    }

    /** The mutable columns of a {@code model_version} row, plus the whole registration when new. */
    static final class VersionRow {
        final String model;
        final int version;
        String stage;
        OffsetDateTime stageChangedAt;
        OffsetDateTime deletedAt;
        String deletedBy;
        long lastPosition;
        final boolean isNew;
        boolean dirty;
        // set for rows created by this batch
        VersionRegistered registered;
        OffsetDateTime createdAt;
        String createdBy;

        VersionRow(String model, int version, boolean isNew) {
            this.model = model;
            this.version = version;
            this.isNew = isNew;
        }

        VersionKey key() {
            return new VersionKey(model, version);
        }
    }

    /** A validity interval created by this batch; closed when {@code toPosition != null}. */
    static final class IntervalRow<K> {
        final K key;
        final Object value;
        final OffsetDateTime validFrom;
        final long fromPosition;
        OffsetDateTime validTo;
        Long toPosition;

        IntervalRow(K key, Object value, OffsetDateTime validFrom, long fromPosition) {
            this.key = key;
            this.value = value;
            this.validFrom = validFrom;
            this.fromPosition = fromPosition;
        }
    }

    /** Close the interval of {@code key} that is open in the database (and older than {@code position}). */
    record CloseOp<K>(K key, OffsetDateTime at, long position) {
    }

    /**
     * Validity intervals of one kind (stage per version, alias per model) changed by the batch. The
     * interval open in the database is closed at most once (a {@link CloseOp}); every interval opened
     * by the batch is a new row, closed in memory when a later event of the batch replaces it.
     */
    static final class Intervals<K> {
        final Map<K, IntervalRow<K>> openNew = new HashMap<>();
        final Set<K> databaseResolved = new HashSet<>();
        final List<CloseOp<K>> closeOps = new ArrayList<>();
        final List<IntervalRow<K>> newRows = new ArrayList<>();

        void close(K key, OffsetDateTime at, long position) {
            IntervalRow<K> open = openNew.remove(key);
            if (open != null) {
                open.validTo = at;
                open.toPosition = position;
            } else if (databaseResolved.add(key)) {
                closeOps.add(new CloseOp<>(key, at, position));
            }
        }

        void open(K key, Object value, OffsetDateTime at, long position) {
            close(key, at, position);
            IntervalRow<K> row = new IntervalRow<>(key, value, at, position);
            openNew.put(key, row);
            newRows.add(row);
        }

        /** The key has no interval in the database (its subject is new in this batch). */
        void openFirst(K key, Object value, OffsetDateTime at, long position) {
            databaseResolved.add(key);
            open(key, value, at, position);
        }
    }

    /** An {@code artifact} row: loaded ({@code isNew == false}) or created by this batch. */
    static final class ArtifactRow {
        static final String STORED = "stored";
        static final String CORRUPTED = "corrupted";
        static final String DELETED = "deleted";

        final String sha256;
        long size;
        String mediaType;
        String fileName;
        String state;
        String storageClass;
        OffsetDateTime storedAt;
        String uploader;
        OffsetDateTime corruptedAt;
        String observedSha256;
        Long observedSize;
        String detectedBy;
        OffsetDateTime deletedAt;
        String deletedReason;
        OffsetDateTime updatedAt;
        String updatedBy;
        long lastPosition;
        final boolean isNew;
        boolean dirty;

        ArtifactRow(String sha256, boolean isNew) {
            this.sha256 = sha256;
            this.isNew = isNew;
        }
    }

    /**
     * @param subject the event's subject: the model name, or {@code sha256:<digest>} for artifact events
     * @param model null for events that are not about a model (artifact events)
     */
    record AuditRow(long position, UUID eventId, String eventType, int schemaVersion, String subject, String model,
                    Integer version, String actor, String correlationId, String reason, OffsetDateTime occurredAt,
                    String payload, String beforeState, String afterState) {
    }

    final Map<String, ModelRow> models = new LinkedHashMap<>();
    final Map<VersionKey, VersionRow> versions = new LinkedHashMap<>();
    /** Aliases open in the database of models deleted by this batch (loaded for them only). */
    final Set<AliasKey> openAliasesInDatabase = new HashSet<>();
    final Intervals<VersionKey> stages = new Intervals<>();
    final Intervals<AliasKey> aliases = new Intervals<>();
    final Map<String, ArtifactRow> artifacts = new LinkedHashMap<>();
    final List<AuditRow> audit = new ArrayList<>();
    /** The access read model and the history of models (point-in-time queries). */
    final HistoryRows history = new HistoryRows();
    /** Promotion policies, evidence, canaries, rollbacks and evaluators. */
    final GovernanceRows governance = new GovernanceRows();
    /** Experiments and runs (experiment tracking). */
    final TrackingRows tracking = new TrackingRows();
    /** Edges of the lineage DAG. */
    final LineageRows lineage = new LineageRows();

    void putModel(ModelRow row) {
        models.put(row.name, row);
    }

    void putVersion(VersionRow row) {
        versions.put(row.key(), row);
    }

    void putArtifact(ArtifactRow row) {
        artifacts.put(row.sha256, row);
    }

    /**
     * Applies one event: adds its audit row and changes the rows it affects.
     *
     * @return null when applied (or already applied before), else why its effects could not be
     *         applied (the audit row is written all the same: the event did happen)
     */
    String apply(EventEnvelope envelope, UUID eventId) {
        return apply(envelope, eventId, null);
    }

    /**
     * {@link #apply(EventEnvelope, UUID)} with the record's body, kept as the audit payload when it is
     * already the current version of the event (no upcasting happened); else the event is re-encoded.
     */
    String apply(EventEnvelope envelope, UUID eventId, byte[] body) {
        RegistryEvent event = (RegistryEvent) envelope.payload();
        long position = envelope.position();
        OffsetDateTime at = OffsetDateTime.ofInstant(envelope.occurredAt(), ZoneOffset.UTC);
        String actor = envelope.actor();
        Audit audit = new Audit();
        String problem = switch (event) {
            case ModelEvent e -> applyEffects(e, position, at, actor, envelope.reason(), audit);
            case ArtifactEvent e -> applyArtifact(e, position, at, actor, audit);
            case AccessEvent e -> history.apply(e, position, at, actor);
            case EvaluatorEvent e -> governance.apply(e, at, actor, position);
            case TrackingEvent e -> tracking.apply(e, at, actor, position);
            default -> "event type " + envelope.typeName() + " belongs to no event family the projection knows";
        };
        if (problem == null) {
            lineage.apply(event, at, position);
        }
        int currentVersion = EventTypes.byName(envelope.typeName()).version();
        byte[] payload = body != null && envelope.schemaVersion() == currentVersion ? body : EventCodec.encode(event);
        this.audit.add(new AuditRow(position, eventId, envelope.typeName(), currentVersion, event.subject(),
                event instanceof ModelEvent e ? e.model() : null,
                versionOf(event), actor, envelope.correlationId(), envelope.reason(), at,
                new String(payload, StandardCharsets.UTF_8),
                audit.before == null ? null : audit.before.toString(),
                audit.after == null ? null : audit.after.toString()));
        return problem;
    }

    private static final class Audit {
        ObjectNode before;
        ObjectNode after;
    }

    private String applyEffects(ModelEvent event, long position, OffsetDateTime at, String actor, String reason,
                                Audit audit) {
        ModelRow model = models.get(event.model());
        if (!(event instanceof ModelRegistered)) {
            if (model == null) {
                return "model " + event.model() + " is not in the read model (its registration was not applied)";
            }
            if (position <= model.lastPosition) {
                return null; // applied before
            }
            model.touch(at, actor, position);
        }
        switch (event) {
            case ModelRegistered e -> {
                if (model != null) {
                    return position <= model.lastPosition ? null
                            : "model " + e.model() + " is already registered (at position " + model.lastPosition + ")";
                }
                ModelRow row = new ModelRow(e.model(), true);
                row.description = e.description();
                row.ownerTeam = e.ownerTeam();
                row.tags = e.tags();
                row.latestVersion = 0;
                row.createdAt = at;
                row.createdBy = actor;
                row.touch(at, actor, position);
                putModel(row);
                audit.after = modelState(row);
            }
            case ModelUpdated e -> {
                audit.before = modelState(model);
                model.description = e.description();
                model.tags = e.tags();
                audit.after = modelState(model);
            }
            case ModelDeleted e -> {
                model.deletedAt = at;
                model.deletedBy = actor;
                for (VersionRow version : versions.values()) {
                    if (version.model.equals(e.model()) && version.deletedAt == null) {
                        delete(version, at, actor, position);
                    }
                }
                for (AliasKey alias : openAliasesInDatabase) {
                    if (alias.model().equals(e.model())) {
                        aliases.close(alias, at, position);
                    }
                }
                for (AliasKey alias : List.copyOf(aliases.openNew.keySet())) {
                    if (alias.model().equals(e.model())) {
                        aliases.close(alias, at, position);
                    }
                }
                governance.endCanary(e.model(), at, position);
            }
            case VersionRegistered e -> {
                VersionKey key = new VersionKey(e.model(), e.version());
                if (versions.containsKey(key)) {
                    return "version " + e.model() + "@" + e.version() + " is already registered";
                }
                VersionRow row = new VersionRow(e.model(), e.version(), true);
                row.registered = e;
                row.createdAt = at;
                row.createdBy = actor;
                row.stage = Stage.NONE.label();
                row.stageChangedAt = at;
                row.lastPosition = position;
                putVersion(row);
                model.latestVersion = Math.max(model.latestVersion, e.version());
                // a new version lifts the deprecation pressure
                model.deprecationWarnedAt = null;
                model.deprecationExpiresAt = null;
                model.expiredAt = null;
                stages.openFirst(key, row.stage, at, position);
                audit.after = stage(row.stage);
            }
            case VersionStageTransitioned e -> {
                VersionRow version = liveVersion(e.model(), e.version());
                if (version == null) {
                    return missingVersion(e.model(), e.version());
                }
                audit.before = stage(e.from().label());
                audit.after = stage(e.to().label());
                leavingProduction(version, e.to().label(), at, position);
                changeStage(version, e.to().label(), at, position);
            }
            case VersionRestored e -> {
                VersionRow version = liveVersion(e.model(), e.version());
                if (version == null) {
                    return missingVersion(e.model(), e.version());
                }
                audit.before = stage(version.stage);
                audit.after = stage(Stage.NONE.label());
                leavingProduction(version, Stage.NONE.label(), at, position);
                changeStage(version, Stage.NONE.label(), at, position);
            }
            case VersionDeleted e -> {
                VersionRow version = liveVersion(e.model(), e.version());
                if (version == null) {
                    return missingVersion(e.model(), e.version());
                }
                audit.before = stage(version.stage);
                leavingProduction(version, null, at, position);
                delete(version, at, actor, position);
            }
            case AliasAssigned e -> {
                if (e.previousVersion() != null) {
                    audit.before = JSON.createObjectNode().put("version", e.previousVersion());
                }
                audit.after = JSON.createObjectNode().put("version", e.version());
                aliases.open(new AliasKey(e.model(), e.alias()), e.version(), at, position);
            }
            case AliasRemoved e -> {
                audit.before = JSON.createObjectNode().put("version", e.version());
                aliases.close(new AliasKey(e.model(), e.alias()), at, position);
            }
            case PromotionPolicySet e -> audit.after = governance.policySet(e, at, actor, position);
            case EvaluationReportAttached e -> governance.reportAttached(e, at, actor, position);
            case PromotionRequested e -> governance.requested(e, reason, at, actor, position);
            case PromotionApproved e -> governance.approved(e, reason, at, position);
            case PromotionRefused e -> governance.refused(e, reason, at, actor, position);
            case VersionPromoted e -> governance.promoted(e, reason, at, actor, position);
            // the stage moves follow as their own events
            case CanaryFinalized e -> governance.endCanary(e.model(), at, position);
            case CanaryAborted e -> governance.endCanary(e.model(), at, position);
            case ProductionRolledBack e -> governance.rolledBack(e.model(), e.fromVersion(), e.toVersion(), reason, at,
                    actor, position);
            case ModelOwnerReassigned e -> {
                audit.before = JSON.createObjectNode().put("owner_team", model.ownerTeam);
                model.ownerTeam = e.ownerTeam();
                audit.after = JSON.createObjectNode().put("owner_team", model.ownerTeam);
            }
            case ModelDeprecationWarned e -> {
                model.deprecationWarnedAt = at;
                model.deprecationExpiresAt = OffsetDateTime.ofInstant(e.expiresAt(), ZoneOffset.UTC);
            }
            case ModelExpired e -> model.expiredAt = at;
        }
        history.modelApplied(event, models.get(event.model()), at, position);
        return null;
    }

    /**
     * The {@code artifact} row of the event's blob. Its first event creates it, whichever it is (a
     * corruption report or a deletion carries the size too), so that no artifact event is parked for
     * lack of an earlier one; only a storage-class change needs an existing row.
     */
    private String applyArtifact(ArtifactEvent event, long position, OffsetDateTime at, String actor, Audit audit) {
        ArtifactRow row = artifacts.get(event.sha256());
        if (row == null) {
            if (event instanceof ArtifactStorageClassChanged) {
                return "artifact " + event.sha256() + " is not in the read model (no earlier event of it was applied)";
            }
            row = new ArtifactRow(event.sha256(), true);
            putArtifact(row);
        } else if (position <= row.lastPosition) {
            return null; // applied before
        }
        String stateBefore = row.state;
        switch (event) {
            case ArtifactStored e -> {
                row.size = e.size();
                row.mediaType = e.mediaType();
                row.fileName = e.fileName();
                row.state = ArtifactRow.STORED;
                row.storageClass = null; // freshly written bytes are in the backend's default class
                row.storedAt = at;
                row.uploader = e.uploader();
                row.corruptedAt = null;
                row.observedSha256 = null;
                row.observedSize = null;
                row.detectedBy = null;
                row.deletedAt = null;
                row.deletedReason = null;
            }
            case ArtifactCorruptionDetected e -> {
                if (stateBefore == null) { // the first event of the blob
                    row.size = e.expectedSize();
                }
                row.state = ArtifactRow.CORRUPTED;
                row.corruptedAt = at;
                row.observedSha256 = e.observedSha256();
                row.observedSize = e.observedSize();
                row.detectedBy = e.detectedBy();
            }
            case ArtifactDeleted e -> {
                if (stateBefore == null) { // the first event of the blob
                    row.size = e.size();
                }
                row.state = ArtifactRow.DELETED;
                row.deletedAt = at;
                row.deletedReason = e.reason();
            }
            case ArtifactStorageClassChanged e -> row.storageClass = e.toClass();
        }
        if (event instanceof ArtifactStorageClassChanged e) {
            audit.before = JSON.createObjectNode().put("storage_class", e.fromClass());
            audit.after = JSON.createObjectNode().put("storage_class", e.toClass());
        } else {
            audit.before = stateBefore == null ? null : artifactState(stateBefore);
            audit.after = artifactState(row.state);
        }
        row.updatedAt = at;
        row.updatedBy = actor;
        row.lastPosition = position;
        row.dirty = true;
        return null;
    }

    private static ObjectNode artifactState(String state) {
        return JSON.createObjectNode().put("state", state);
    }

    private VersionRow liveVersion(String model, int version) {
        VersionRow row = versions.get(new VersionKey(model, version));
        return row == null || row.deletedAt != null ? null : row;
    }

    private static String missingVersion(String model, int version) {
        return "version " + model + "@" + version + " is not a live version of the read model";
    }

    private void changeStage(VersionRow version, String stage, OffsetDateTime at, long position) {
        version.stage = stage;
        version.stageChangedAt = at;
        version.lastPosition = position;
        version.dirty = true;
        stages.open(version.key(), stage, at, position);
    }

    /**
     * A version leaves Production ({@code to} is its next stage, null when deleted): a canary of its model
     * is over, whichever of its two versions left (the other then serves all traffic).
     */
    private void leavingProduction(VersionRow version, String to, OffsetDateTime at, long position) {
        if (Stage.PRODUCTION.label().equals(version.stage) && !Stage.PRODUCTION.label().equals(to)) {
            governance.endCanary(version.model, at, position);
        }
    }

    private void delete(VersionRow version, OffsetDateTime at, String actor, long position) {
        version.deletedAt = at;
        version.deletedBy = actor;
        version.lastPosition = position;
        version.dirty = true;
        stages.close(version.key(), at, position);
    }

    private static ObjectNode modelState(ModelRow model) {
        ObjectNode node = JSON.createObjectNode();
        node.put("description", model.description);
        ObjectNode tags = node.putObject("tags");
        new java.util.TreeMap<>(model.tags == null ? Map.<String, String>of() : model.tags).forEach(tags::put);
        return node;
    }

    private static ObjectNode stage(String stage) {
        return JSON.createObjectNode().put("stage", stage);
    }

    static Integer versionOf(RegistryEvent event) {
        return event instanceof ModelEvent e ? versionOf(e) : null;
    }

    static Integer versionOf(ModelEvent event) {
        return switch (event) {
            case ModelRegistered e -> null;
            case ModelUpdated e -> null;
            case ModelDeleted e -> null;
            case VersionRegistered e -> e.version();
            case VersionStageTransitioned e -> e.version();
            case VersionRestored e -> e.version();
            case VersionDeleted e -> e.version();
            case AliasAssigned e -> e.version();
            case AliasRemoved e -> e.version();
            case PromotionPolicySet e -> null;
            case EvaluationReportAttached e -> e.version();
            case PromotionRequested e -> e.version();
            case PromotionApproved e -> e.version();
            case PromotionRefused e -> e.version();
            case VersionPromoted e -> e.version();
            case CanaryFinalized e -> e.version();
            case CanaryAborted e -> e.version();
            case ProductionRolledBack e -> null; // about the model: two versions swap
            case ModelOwnerReassigned e -> null;
            case ModelDeprecationWarned e -> null;
            case ModelExpired e -> null;
        };
    }
}
