package dev.modelregistry.projection.core;

import static dev.modelregistry.readmodel.jooq.Tables.PROJECTION_FAILURE;
import static dev.modelregistry.readmodel.jooq.Tables.PROJECTION_PROGRESS;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStepN;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import dev.modelregistry.readmodel.jooq.tables.records.ProjectionFailureRecord;

/**
 * The bookkeeping tables every projector writes in its own transactions:
 * {@code projection_progress} (what was applied, per partition) and {@code projection_failure}
 * (what was parked).
 */
public final class ProjectionStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The last offset and the highest position applied in one partition by one batch. */
    public record PartitionProgress(int partition, long offset, long position) {
    }

    private ProjectionStore() {
    }

    /** Partition -> last applied offset of {@code projector}. */
    public static Map<Integer, Long> offsets(DSLContext ctx, String projector) {
        Map<Integer, Long> offsets = new HashMap<>();
        ctx.select(PROJECTION_PROGRESS.KAFKA_PARTITION, PROJECTION_PROGRESS.KAFKA_OFFSET)
                .from(PROJECTION_PROGRESS)
                .where(PROJECTION_PROGRESS.PROJECTOR.eq(projector))
                .forEach(r -> offsets.put(r.value1(), r.value2()));
        return offsets;
    }

    /**
     * Records the progress of a batch: offsets and positions only move forward. {@code updated_at}
     * is the database's transaction time (informative: when the projector last recorded progress).
     */
    public static void record(DSLContext ctx, String projector, Iterable<PartitionProgress> progress) {
        var now = DSL.currentOffsetDateTime();
        var pp = PROJECTION_PROGRESS;
        for (PartitionProgress p : progress) {
            ctx.insertInto(pp)
                    .set(pp.PROJECTOR, projector)
                    .set(pp.KAFKA_PARTITION, p.partition())
                    .set(pp.KAFKA_OFFSET, p.offset())
                    .set(pp.POSITION, p.position())
                    .set(pp.UPDATED_AT, now)
                    .onConflict(pp.PROJECTOR, pp.KAFKA_PARTITION)
                    .doUpdate()
                    .set(pp.KAFKA_OFFSET, DSL.greatest(pp.KAFKA_OFFSET, DSL.excluded(pp.KAFKA_OFFSET)))
                    .set(pp.POSITION, DSL.greatest(pp.POSITION, DSL.excluded(pp.POSITION)))
                    .set(pp.UPDATED_AT, now)
                    .execute();
        }
    }

    /** Parks records in {@code projection_failure}; a record parked before (replay) stays as it was. */
    public static void recordFailures(DSLContext ctx, List<ProjectionFailure> failures) {
        if (failures.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        var f = PROJECTION_FAILURE;
        InsertValuesStepN<ProjectionFailureRecord> insert = ctx.insertInto(f).columns(List.of(
                f.PROJECTOR, f.KAFKA_PARTITION, f.KAFKA_OFFSET, f.EVENT_ID, f.EVENT_TYPE, f.SCHEMA_VERSION,
                f.POSITION, f.MODEL, f.ERROR, f.HEADERS, f.BODY, f.FAILED_AT));
        for (ProjectionFailure failure : failures) {
            insert = insert.values(failure.projector(), failure.partition(), failure.offset(), failure.eventId(),
                    failure.eventType(), failure.schemaVersion(), failure.position(), failure.model(),
                    failure.error(), json(failure.headers()), failure.body(), now);
        }
        insert.onConflictDoNothing().execute();
    }

    private static JSONB json(Map<String, String> headers) {
        try {
            return JSONB.valueOf(JSON.writeValueAsString(headers));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
