package dev.modelregistry.projection.postgres;

import static dev.modelregistry.readmodel.jooq.Tables.ALIAS_HISTORY;
import static dev.modelregistry.readmodel.jooq.Tables.ARTIFACT;
import static dev.modelregistry.readmodel.jooq.Tables.AUDIT_LOG;
import static dev.modelregistry.readmodel.jooq.Tables.MODEL;
import static dev.modelregistry.readmodel.jooq.Tables.MODEL_VERSION;
import static dev.modelregistry.readmodel.jooq.Tables.STAGE_HISTORY;
import static dev.modelregistry.readmodel.jooq.Tables.VERSION_DATASET;
import static dev.modelregistry.readmodel.jooq.Tables.VERSION_FILE;
import static dev.modelregistry.readmodel.jooq.Tables.VERSION_PARENT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.events.artifact.ArtifactEvent;
import dev.modelregistry.events.tracking.TrackingEvent;
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
import dev.modelregistry.events.model.DatasetReference;
import dev.modelregistry.events.model.Lineage;
import dev.modelregistry.events.model.ManifestFile;
import dev.modelregistry.events.model.ModelDeleted;
import dev.modelregistry.events.model.ModelEvent;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.events.model.ModelUpdated;
import dev.modelregistry.events.model.VersionDeleted;
import dev.modelregistry.events.model.VersionReference;
import dev.modelregistry.events.model.VersionRegistered;
import dev.modelregistry.events.model.VersionRestored;
import dev.modelregistry.events.model.VersionStageTransitioned;
import dev.modelregistry.projection.audit.AuditChain;
import dev.modelregistry.projection.core.IncomingEvent;
import dev.modelregistry.projection.core.ProjectionFailure;
import dev.modelregistry.projection.core.ProjectionStore;
import dev.modelregistry.projection.core.ProjectionStore.PartitionProgress;
import dev.modelregistry.projection.core.Projector.BatchResult;
import dev.modelregistry.projection.core.Unnest;
import dev.modelregistry.projection.postgres.PostgresState.AliasKey;
import dev.modelregistry.projection.postgres.PostgresState.ArtifactRow;
import dev.modelregistry.projection.postgres.PostgresState.AuditRow;
import dev.modelregistry.projection.postgres.PostgresState.CloseOp;
import dev.modelregistry.projection.postgres.PostgresState.IntervalRow;
import dev.modelregistry.projection.postgres.PostgresState.ModelRow;
import dev.modelregistry.projection.postgres.PostgresState.VersionKey;
import dev.modelregistry.projection.postgres.PostgresState.VersionRow;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Record7;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies one batch in the caller's transaction with a fixed number of statements whatever its
 * size: one duplicate check, up to four loads, then set-based writes (multi-row inserts, batched updates).
 * Writes are idempotent on their own (ON CONFLICT DO NOTHING, updates guarded by position), so even
 * two writers applying the same events leave the same rows.
 */
final class PostgresBatch {

    private static final Logger log = LoggerFactory.getLogger(PostgresBatch.class);

    private final DSLContext ctx;
    private final String projector;

    PostgresBatch(DSLContext ctx, String projector) {
        this.ctx = ctx;
        this.projector = projector;
    }

    DSLContext ctx() {
        return ctx;
    }

    BatchResult run(List<IncomingEvent> events, boolean recordProgress) {
        List<ProjectionFailure> failures = new ArrayList<>();
        Map<Integer, long[]> progress = new TreeMap<>(); // partition -> {offset, position}
        Map<UUID, IncomingEvent> fresh = new LinkedHashMap<>();
        int duplicates = 0;
        long maxPosition = 0;
        long t0 = System.nanoTime();
        long t1 = t0;
        long t2 = t0;
        long t3 = t0;
        for (IncomingEvent event : events) {
            progress.merge(event.partition(), new long[] {event.offset(), event.position()},
                    (a, b) -> new long[] {Math.max(a[0], b[0]), Math.max(a[1], b[1])});
            maxPosition = Math.max(maxPosition, event.position());
            if (!event.isApplicable()) {
                log.error("Parking {}: {}", event, event.error());
                failures.add(event.failure(projector, event.error()));
            } else if (fresh.putIfAbsent(event.eventId(), event) != null) {
                duplicates++;
            }
        }
        if (!fresh.isEmpty()) {
            Set<UUID> seen = new HashSet<>(ctx.select(AUDIT_LOG.EVENT_ID).from(AUDIT_LOG)
                    .where(AUDIT_LOG.EVENT_ID.eq(DSL.any(fresh.keySet().toArray(UUID[]::new))))
                    .fetch(AUDIT_LOG.EVENT_ID));
            duplicates += seen.size();
            fresh.keySet().removeAll(seen);
        }
        int applied = 0;
        t1 = System.nanoTime();
        if (!fresh.isEmpty()) {
            PostgresState state = load(fresh.values());
            t2 = System.nanoTime();
            for (IncomingEvent event : fresh.values()) {
                String problem = state.apply(event.envelope(), event.eventId(), event.record().value());
                if (problem == null) {
                    applied++;
                } else {
                    log.error("Cannot apply {}: {}; parked", event, problem);
                    failures.add(event.failure(projector, problem));
                }
            }
            t3 = System.nanoTime();
            flush(state, fresh);
        }
        ProjectionStore.recordFailures(ctx, failures);
        if (recordProgress) {
            List<PartitionProgress> rows = new ArrayList<>();
            progress.forEach((partition, p) -> rows.add(new PartitionProgress(partition, p[0], p[1])));
            ProjectionStore.record(ctx, projector, rows);
        }
        if (log.isDebugEnabled()) {
            long t4 = System.nanoTime();
            log.debug("{} events: duplicate check {} ms, load {} ms, apply {} ms, write {} ms", events.size(),
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000);
        }
        return new BatchResult(applied, duplicates, failures.size(), maxPosition);
    }

    /**
     * The tracking events of the batch into the tracking tables, nothing else ({@code tracking}, the
     * live projector's own rows code, on fresh tables: no loads, no audit, no progress). A duplicate
     * within the batch (same event id) is applied once; events of other families and undecodable
     * records count as failed (the caller passes tracking records only).
     */
    BatchResult runTrackingOnly(List<IncomingEvent> events, TrackingRows tracking) {
        Set<UUID> seen = new HashSet<>();
        int applied = 0;
        int duplicates = 0;
        int failed = 0;
        long maxPosition = 0;
        for (IncomingEvent incoming : events) {
            maxPosition = Math.max(maxPosition, incoming.position());
            if (!incoming.isApplicable() || !(incoming.event() instanceof TrackingEvent event)) {
                log.error("Skipping {}: not a tracking event this projection can apply", incoming);
                failed++;
            } else if (!seen.add(incoming.eventId())) {
                duplicates++;
            } else {
                EventEnvelope envelope = incoming.envelope();
                String problem = tracking.apply(event, time(envelope.occurredAt()),
                        envelope.actor(), envelope.position());
                if (problem == null) {
                    applied++;
                } else {
                    log.error("Cannot apply {}: {}; skipped", incoming, problem);
                    failed++;
                }
            }
        }
        tracking.flush(this);
        return new BatchResult(applied, duplicates, failed, maxPosition);
    }

    // ---------------------------------------------------------------- load

    private PostgresState load(Iterable<IncomingEvent> events) {
        Set<String> names = new HashSet<>();
        Set<VersionKey> keys = new HashSet<>();
        Set<String> deletedModels = new HashSet<>();
        Set<String> digests = new HashSet<>();
        for (IncomingEvent incoming : events) {
            switch (incoming.event()) {
                case ModelEvent event -> {
                    names.add(event.model());
                    switch (event) {
                        case ModelRegistered e -> {
                        }
                        case ModelUpdated e -> {
                        }
                        case ModelDeleted e -> deletedModels.add(e.model());
                        case VersionRegistered e -> keys.add(new VersionKey(e.model(), e.version()));
                        case VersionStageTransitioned e -> keys.add(new VersionKey(e.model(), e.version()));
                        case VersionRestored e -> keys.add(new VersionKey(e.model(), e.version()));
                        case VersionDeleted e -> keys.add(new VersionKey(e.model(), e.version()));
                        case AliasAssigned e -> {
                        }
                        case AliasRemoved e -> {
                        }
                        // governance: rows of their own (GovernanceRows) or columns of the model row
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
                }
                // every event of the family changes its blob's row and nothing else
                case ArtifactEvent event -> digests.add(event.sha256());
                default -> {
                    // PostgresState parks it
                }
            }
        }
        PostgresState state = new PostgresState();
        Unnest n = Unnest.of(List.of(MODEL.NAME), List.copyOf(names), (String name) -> List.of(name));
        ctx.select(MODEL.fields()).from(MODEL).join(n.table()).on(MODEL.NAME.eq(n.field(MODEL.NAME)))
                .fetchInto(MODEL).forEach(r -> {
            ModelRow row = new ModelRow(r.getName(), false);
            row.description = r.getDescription();
            row.ownerTeam = r.getOwnerTeam();
            row.tags = readTags(r.getTags());
            row.latestVersion = r.getLatestVersion();
            row.createdAt = r.getCreatedAt();
            row.createdBy = r.getCreatedBy();
            row.updatedAt = r.getUpdatedAt();
            row.updatedBy = r.getUpdatedBy();
            row.deletedAt = r.getDeletedAt();
            row.deletedBy = r.getDeletedBy();
            row.deprecationWarnedAt = r.getDeprecationWarnedAt();
            row.deprecationExpiresAt = r.getDeprecationExpiresAt();
            row.expiredAt = r.getExpiredAt();
            row.lastPosition = r.getLastPosition();
            state.putModel(row);
        });
        var mv = MODEL_VERSION;
        List<Select<Record7<String, Integer, String, OffsetDateTime, OffsetDateTime, String, Long>>> selects = new ArrayList<>();
        if (!keys.isEmpty()) {
            Unnest k = Unnest.of(List.of(mv.MODEL, mv.VERSION), List.copyOf(keys), (VersionKey key) -> Arrays.asList(key.model(), key.version()));
            selects.add(ctx.select(mv.MODEL, mv.VERSION, mv.STAGE, mv.STAGE_CHANGED_AT, mv.DELETED_AT, mv.DELETED_BY, mv.LAST_POSITION)
                    .from(mv).join(k.table()).on(mv.MODEL.eq(k.field(mv.MODEL)).and(mv.VERSION.eq(k.field(mv.VERSION)))));
        }
        if (!deletedModels.isEmpty()) {
            Unnest d = Unnest.of(List.of(mv.MODEL), List.copyOf(deletedModels), (String name) -> List.of(name));
            selects.add(ctx.select(mv.MODEL, mv.VERSION, mv.STAGE, mv.STAGE_CHANGED_AT, mv.DELETED_AT, mv.DELETED_BY, mv.LAST_POSITION)
                    .from(mv).join(d.table()).on(mv.MODEL.eq(d.field(mv.MODEL)))
                    .where(mv.DELETED_AT.isNull()));
        }
        for (var select : selects) {
            select.fetch().forEach(r -> {
                VersionRow row = new VersionRow(r.value1(), r.value2(), false);
                row.stage = r.value3();
                row.stageChangedAt = r.value4();
                row.deletedAt = r.value5();
                row.deletedBy = r.value6();
                row.lastPosition = r.value7();
                state.putVersion(row);
            });
        }
        if (!deletedModels.isEmpty()) {
            Unnest d = Unnest.of(List.of(ALIAS_HISTORY.MODEL), List.copyOf(deletedModels), (String name) -> List.of(name));
            ctx.select(ALIAS_HISTORY.MODEL, ALIAS_HISTORY.ALIAS).from(ALIAS_HISTORY)
                    .join(d.table()).on(ALIAS_HISTORY.MODEL.eq(d.field(ALIAS_HISTORY.MODEL)))
                    .where(ALIAS_HISTORY.TO_POSITION.isNull())
                    .forEach(r -> state.openAliasesInDatabase.add(new AliasKey(r.value1(), r.value2())));
        }
        if (!digests.isEmpty()) {
            Unnest d = Unnest.of(List.of(ARTIFACT.SHA256), List.copyOf(digests), (String sha256) -> List.of(sha256));
            ctx.select(ARTIFACT.fields()).from(ARTIFACT).join(d.table()).on(ARTIFACT.SHA256.eq(d.field(ARTIFACT.SHA256)))
                    .fetchInto(ARTIFACT).forEach(r -> {
                ArtifactRow row = new ArtifactRow(r.getSha256(), false);
                row.size = r.getSize();
                row.mediaType = r.getMediaType();
                row.fileName = r.getFileName();
                row.state = r.getState();
                row.storageClass = r.getStorageClass();
                row.storedAt = r.getStoredAt();
                row.uploader = r.getUploader();
                row.corruptedAt = r.getCorruptedAt();
                row.observedSha256 = r.getObservedSha256();
                row.observedSize = r.getObservedSize();
                row.detectedBy = r.getDetectedBy();
                row.deletedAt = r.getDeletedAt();
                row.deletedReason = r.getDeletedReason();
                row.updatedAt = r.getUpdatedAt();
                row.updatedBy = r.getUpdatedBy();
                row.lastPosition = r.getLastPosition();
                state.putArtifact(row);
            });
        }
        return state;
    }

    // ---------------------------------------------------------------- flush

    private void flush(PostgresState state, Map<UUID, IncomingEvent> records) {
        // audit first: the event happened, whatever its effects; with the Kafka position it was read
        // from (first copy), so that read-your-writes can compare the search projector's offsets; each
        // row a link of its subject's hash chain and of the global one
        AuditChain.append(ctx, state.audit.stream().map((AuditRow r) -> {
            IncomingEvent record = records.get(r.eventId());
            boolean kafka = record != null && record.fromKafka();
            return new AuditChain.Entry(r.position(), r.eventId(), r.eventType(), r.schemaVersion(), r.subject(),
                    r.model(), r.version(), r.actor(), r.correlationId(), r.reason(), r.occurredAt(), r.payload(),
                    r.beforeState(), r.afterState(), kafka ? record.partition() : null, kafka ? record.offset() : null);
        }).toList());

        var m = MODEL;
        List<ModelRow> newModels = state.models.values().stream().filter(r -> r.isNew).toList();
        insert(m, List.of(m.NAME, m.DESCRIPTION, m.OWNER_TEAM, m.TAGS, m.LATEST_VERSION, m.CREATED_AT, m.CREATED_BY,
                        m.UPDATED_AT, m.UPDATED_BY, m.DELETED_AT, m.DELETED_BY, m.DEPRECATION_WARNED_AT,
                        m.DEPRECATION_EXPIRES_AT, m.EXPIRED_AT, m.LAST_POSITION),
                newModels, (ModelRow r) -> Arrays.asList(r.name, r.description, r.ownerTeam, writeMap(r.tags),
                        r.latestVersion, r.createdAt, r.createdBy, r.updatedAt, r.updatedBy, r.deletedAt, r.deletedBy,
                        r.deprecationWarnedAt, r.deprecationExpiresAt, r.expiredAt, r.lastPosition));
        List<ModelRow> changedModels = state.models.values().stream().filter(r -> !r.isNew && r.dirty).toList();
        if (!changedModels.isEmpty()) {
            Unnest v = Unnest.of(List.of(m.NAME, m.DESCRIPTION, m.OWNER_TEAM, m.TAGS, m.LATEST_VERSION, m.UPDATED_AT,
                    m.UPDATED_BY, m.DELETED_AT, m.DELETED_BY, m.DEPRECATION_WARNED_AT, m.DEPRECATION_EXPIRES_AT,
                    m.EXPIRED_AT, m.LAST_POSITION), changedModels, (ModelRow r) -> Arrays.asList(r.name,
                    r.description, r.ownerTeam, writeMap(r.tags), r.latestVersion, r.updatedAt, r.updatedBy,
                    r.deletedAt, r.deletedBy, r.deprecationWarnedAt, r.deprecationExpiresAt, r.expiredAt,
                    r.lastPosition));
            ctx.update(m)
                    .set(m.DESCRIPTION, v.field(m.DESCRIPTION))
                    .set(m.OWNER_TEAM, v.field(m.OWNER_TEAM))
                    .set(m.DEPRECATION_WARNED_AT, v.field(m.DEPRECATION_WARNED_AT))
                    .set(m.DEPRECATION_EXPIRES_AT, v.field(m.DEPRECATION_EXPIRES_AT))
                    .set(m.EXPIRED_AT, v.field(m.EXPIRED_AT))
                    .set(m.TAGS, v.field(m.TAGS))
                    .set(m.LATEST_VERSION, v.field(m.LATEST_VERSION))
                    .set(m.UPDATED_AT, v.field(m.UPDATED_AT))
                    .set(m.UPDATED_BY, v.field(m.UPDATED_BY))
                    .set(m.DELETED_AT, v.field(m.DELETED_AT))
                    .set(m.DELETED_BY, v.field(m.DELETED_BY))
                    .set(m.LAST_POSITION, v.field(m.LAST_POSITION))
                    .from(v.table())
                    .where(m.NAME.eq(v.field(m.NAME)))
                    .and(m.LAST_POSITION.lt(v.field(m.LAST_POSITION)))
                    .execute();
        }

        var mv = MODEL_VERSION;
        List<VersionRow> newVersions = state.versions.values().stream().filter(r -> r.isNew).toList();
        insert(mv, List.of(mv.MODEL, mv.VERSION, mv.ARTIFACT_URI, mv.ARTIFACT_SHA256, mv.FRAMEWORK,
                        mv.FRAMEWORK_VERSION, mv.PARAMS, mv.METRICS, mv.DESCRIPTION, mv.TAGS, mv.CODE_COMMIT,
                        mv.FEATURE_GRAPH_HASH, mv.DATA_FROM, mv.DATA_TO, mv.RUN_ID, mv.LINEAGE_HASH, mv.STAGE,
                        mv.STAGE_CHANGED_AT, mv.CREATED_AT, mv.CREATED_BY, mv.DELETED_AT, mv.DELETED_BY,
                        mv.LAST_POSITION),
                newVersions, (VersionRow r) -> {
                    VersionRegistered e = r.registered;
                    Lineage lineage = e.lineage();
                    return Arrays.asList(r.model, r.version,
                            e.artifact() == null ? null : e.artifact().uri(),
                            e.artifact() == null ? null : e.artifact().sha256(),
                            e.framework(), e.frameworkVersion(), writeMap(e.params()), writeMap(e.metrics()),
                            e.description(), writeMap(e.tags()),
                            lineage == null ? null : lineage.codeCommit(),
                            lineage == null ? null : lineage.featureGraphHash(),
                            lineage == null || lineage.dataWindow() == null ? null : time(lineage.dataWindow().from()),
                            lineage == null || lineage.dataWindow() == null ? null : time(lineage.dataWindow().to()),
                            lineage == null ? null : lineage.runId(),
                            e.lineageHash(), r.stage, r.stageChangedAt, r.createdAt, r.createdBy, r.deletedAt,
                            r.deletedBy, r.lastPosition);
                });
        List<Object[]> datasets = new ArrayList<>();
        List<Object[]> parents = new ArrayList<>();
        List<Object[]> files = new ArrayList<>();
        for (VersionRow r : newVersions) {
            for (ManifestFile file : r.registered.files()) {
                files.add(new Object[] {r.model, r.version, file.path(), file.sha256(), file.size()});
            }
            Lineage lineage = r.registered.lineage();
            if (lineage == null) {
                continue;
            }
            int ordinal = 0;
            for (DatasetReference dataset : lineage.datasets()) {
                datasets.add(new Object[] {r.model, r.version, ordinal++, dataset.name(), dataset.sha256()});
            }
            Set<VersionReference> distinct = new java.util.LinkedHashSet<>(lineage.parents());
            for (VersionReference parent : distinct) {
                parents.add(new Object[] {r.model, r.version, parent.model(), parent.version()});
            }
        }
        var vd = VERSION_DATASET;
        insert(vd, List.of(vd.MODEL, vd.VERSION, vd.ORDINAL, vd.NAME, vd.SHA256), datasets, Arrays::asList);
        var vp = VERSION_PARENT;
        insert(vp, List.of(vp.MODEL, vp.VERSION, vp.PARENT_MODEL, vp.PARENT_VERSION), parents, Arrays::asList);
        var vf = VERSION_FILE;
        insert(vf, List.of(vf.MODEL, vf.VERSION, vf.PATH, vf.SHA256, vf.SIZE), files, Arrays::asList);

        List<VersionRow> changedVersions = state.versions.values().stream().filter(r -> !r.isNew && r.dirty).toList();
        if (!changedVersions.isEmpty()) {
            Unnest v = Unnest.of(List.of(mv.MODEL, mv.VERSION, mv.STAGE, mv.STAGE_CHANGED_AT, mv.DELETED_AT, mv.DELETED_BY,
                    mv.LAST_POSITION), changedVersions, (VersionRow r) -> Arrays.asList(r.model, r.version, r.stage,
                    r.stageChangedAt, r.deletedAt, r.deletedBy, r.lastPosition));
            ctx.update(mv)
                    .set(mv.STAGE, v.field(mv.STAGE))
                    .set(mv.STAGE_CHANGED_AT, v.field(mv.STAGE_CHANGED_AT))
                    .set(mv.DELETED_AT, v.field(mv.DELETED_AT))
                    .set(mv.DELETED_BY, v.field(mv.DELETED_BY))
                    .set(mv.LAST_POSITION, v.field(mv.LAST_POSITION))
                    .from(v.table())
                    .where(mv.MODEL.eq(v.field(mv.MODEL)))
                    .and(mv.VERSION.eq(v.field(mv.VERSION)))
                    .and(mv.LAST_POSITION.lt(v.field(mv.LAST_POSITION)))
                    .execute();
        }

        flushArtifacts(state);
        state.history.flush(this); // access read model and model history (point-in-time queries)
        state.governance.flush(this); // policies, promotion evidence, canaries, rollbacks, evaluators
        state.tracking.flush(this); // experiments and runs
        state.lineage.flush(this); // lineage DAG edges

        // intervals: first close what is open in the database, then add the rows of this batch
        var sh = STAGE_HISTORY;
        if (!state.stages.closeOps.isEmpty()) {
            Unnest v = Unnest.of(List.of(sh.MODEL, sh.VERSION, sh.VALID_TO, sh.TO_POSITION), state.stages.closeOps,
                    (CloseOp<VersionKey> op) -> Arrays.asList(op.key().model(), op.key().version(), op.at(), op.position()));
            ctx.update(sh)
                    .set(sh.VALID_TO, v.field(sh.VALID_TO))
                    .set(sh.TO_POSITION, v.field(sh.TO_POSITION))
                    .from(v.table())
                    .where(sh.MODEL.eq(v.field(sh.MODEL)))
                    .and(sh.VERSION.eq(v.field(sh.VERSION)))
                    .and(sh.TO_POSITION.isNull())
                    .and(sh.FROM_POSITION.lt(v.field(sh.TO_POSITION)))
                    .execute();
        }
        insert(sh, List.of(sh.MODEL, sh.VERSION, sh.STAGE, sh.VALID_FROM, sh.VALID_TO, sh.FROM_POSITION, sh.TO_POSITION),
                state.stages.newRows, (IntervalRow<VersionKey> r) -> Arrays.asList(r.key.model(), r.key.version(),
                        r.value, r.validFrom, r.validTo, r.fromPosition, r.toPosition));

        var ah = ALIAS_HISTORY;
        if (!state.aliases.closeOps.isEmpty()) {
            Unnest v = Unnest.of(List.of(ah.MODEL, ah.ALIAS, ah.VALID_TO, ah.TO_POSITION), state.aliases.closeOps,
                    (CloseOp<AliasKey> op) -> Arrays.asList(op.key().model(), op.key().alias(), op.at(), op.position()));
            ctx.update(ah)
                    .set(ah.VALID_TO, v.field(ah.VALID_TO))
                    .set(ah.TO_POSITION, v.field(ah.TO_POSITION))
                    .from(v.table())
                    .where(ah.MODEL.eq(v.field(ah.MODEL)))
                    .and(ah.ALIAS.eq(v.field(ah.ALIAS)))
                    .and(ah.TO_POSITION.isNull())
                    .and(ah.FROM_POSITION.lt(v.field(ah.TO_POSITION)))
                    .execute();
        }
        insert(ah, List.of(ah.MODEL, ah.ALIAS, ah.VERSION, ah.VALID_FROM, ah.VALID_TO, ah.FROM_POSITION, ah.TO_POSITION),
                state.aliases.newRows, (IntervalRow<AliasKey> r) -> Arrays.asList(r.key.model(), r.key.alias(),
                        r.value, r.validFrom, r.validTo, r.fromPosition, r.toPosition));
    }

    private void flushArtifacts(PostgresState state) {
        var ar = ARTIFACT;
        List<Field<?>> columns = List.of(ar.SHA256, ar.SIZE, ar.MEDIA_TYPE, ar.FILE_NAME, ar.STATE, ar.STORAGE_CLASS,
                ar.STORED_AT, ar.UPLOADER, ar.CORRUPTED_AT, ar.OBSERVED_SHA256, ar.OBSERVED_SIZE, ar.DETECTED_BY,
                ar.DELETED_AT, ar.DELETED_REASON, ar.UPDATED_AT, ar.UPDATED_BY, ar.LAST_POSITION);
        Function<ArtifactRow, List<?>> values = r -> Arrays.asList(r.sha256, r.size, r.mediaType, r.fileName, r.state,
                r.storageClass, r.storedAt, r.uploader, r.corruptedAt, r.observedSha256, r.observedSize, r.detectedBy,
                r.deletedAt, r.deletedReason, r.updatedAt, r.updatedBy, r.lastPosition);
        insert(ar, columns, state.artifacts.values().stream().filter(r -> r.isNew).toList(), values);
        List<ArtifactRow> changed = state.artifacts.values().stream().filter(r -> !r.isNew && r.dirty).toList();
        if (changed.isEmpty()) {
            return;
        }
        Unnest v = Unnest.of(columns, changed, values);
        ctx.update(ar)
                .set(ar.SIZE, v.field(ar.SIZE))
                .set(ar.MEDIA_TYPE, v.field(ar.MEDIA_TYPE))
                .set(ar.FILE_NAME, v.field(ar.FILE_NAME))
                .set(ar.STATE, v.field(ar.STATE))
                .set(ar.STORAGE_CLASS, v.field(ar.STORAGE_CLASS))
                .set(ar.STORED_AT, v.field(ar.STORED_AT))
                .set(ar.UPLOADER, v.field(ar.UPLOADER))
                .set(ar.CORRUPTED_AT, v.field(ar.CORRUPTED_AT))
                .set(ar.OBSERVED_SHA256, v.field(ar.OBSERVED_SHA256))
                .set(ar.OBSERVED_SIZE, v.field(ar.OBSERVED_SIZE))
                .set(ar.DETECTED_BY, v.field(ar.DETECTED_BY))
                .set(ar.DELETED_AT, v.field(ar.DELETED_AT))
                .set(ar.DELETED_REASON, v.field(ar.DELETED_REASON))
                .set(ar.UPDATED_AT, v.field(ar.UPDATED_AT))
                .set(ar.UPDATED_BY, v.field(ar.UPDATED_BY))
                .set(ar.LAST_POSITION, v.field(ar.LAST_POSITION))
                .from(v.table())
                .where(ar.SHA256.eq(v.field(ar.SHA256)))
                .and(ar.LAST_POSITION.lt(v.field(ar.LAST_POSITION)))
                .execute();
    }

    /**
     * {@code INSERT INTO t (columns) SELECT * FROM unnest(array per column) ON CONFLICT DO NOTHING}: one
     * statement with one bind value per column whatever the number of rows (cheap to render and parse).
     */
    <R extends Record, T> void insert(Table<R> table, List<? extends Field<?>> columns, List<T> rows,
                                      Function<T, List<?>> values) {
        if (rows.isEmpty()) {
            return;
        }
        Unnest v = Unnest.of(columns, rows, values);
        ctx.insertInto(table).columns(columns)
                .select(DSL.selectFrom(v.table()))
                .onConflictDoNothing()
                .execute();
    }

    private static OffsetDateTime time(java.time.Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static JSONB writeMap(Map<String, ?> map) {
        try {
            return JSONB.valueOf(PostgresState.JSON.writeValueAsString(map == null ? Map.of() : new TreeMap<>(map)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> readTags(JSONB json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return PostgresState.JSON.readValue(json.data(), new TypeReference<TreeMap<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("model.tags is not a JSON object of strings: " + json.data(), e);
        }
    }
}
