package dev.modelregistry.projection.audit;

import static dev.modelregistry.readmodel.jooq.Tables.AUDIT_CHAIN_GLOBAL;
import static dev.modelregistry.readmodel.jooq.Tables.AUDIT_CHAIN_SUBJECT;
import static dev.modelregistry.readmodel.jooq.Tables.AUDIT_LOG;

import dev.modelregistry.projection.core.CopyRows;
import dev.modelregistry.projection.core.Unnest;
import dev.modelregistry.readmodel.AuditChainHash;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record3;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Appends audit rows as links of the two hash chains of migration V5 (a subject's chain and the global
 * chain; hashes by {@link AuditChainHash}), in the caller's transaction:
 * <ol>
 * <li>locks the global head ({@code select ... for update}): concurrent writers take turns, so chain
 *     numbers become visible in commit order and no two transactions extend the same head;</li>
 * <li>loads the heads of the batch's subjects, links the rows in the given order, inserts them;</li>
 * <li>moves the subject heads and the global head.</li>
 * </ol>
 * The caller gives only new events (duplicates are skipped before chaining). The rows are appended
 * with COPY ({@link CopyRows}), which has no {@code ON CONFLICT DO NOTHING}, and must not: a row another writer inserted meanwhile must fail the transaction
 * (a data error, SQLSTATE 23505), not leave a link the head points past; the projector then re-applies
 * the batch one event at a time and its duplicate check skips that event.
 */
public final class AuditChain {

    /**
     * One audit row to append.
     *
     * @param kafkaPartition null when the event was applied without a Kafka record
     */
    public record Entry(long position, UUID eventId, String eventType, int schemaVersion, String subject, String model,
                        Integer version, String actor, String correlationId, String reason, OffsetDateTime occurredAt,
                        String payload, String beforeState, String afterState, Integer kafkaPartition,
                        Long kafkaOffset) {
    }

    private record Head(long seq, String hash) {
    }

    private AuditChain() {
    }

    /** Appends the rows, in this order, to their subjects' chains and to the global chain. */
    public static void append(DSLContext ctx, List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        var g = AUDIT_CHAIN_GLOBAL;
        var globalHead = ctx.select(g.CHAIN_SEQ, g.HASH).from(g).where(g.ID.isTrue()).forUpdate().fetchOne();
        if (globalHead == null) {
            throw new IllegalStateException("audit_chain_global has no row: the read-model schema is not migrated");
        }
        long chainSeq = globalHead.value1();
        String globalHash = globalHead.value2();

        var s = AUDIT_CHAIN_SUBJECT;
        Map<String, Head> heads = new HashMap<>();
        String[] subjects = entries.stream().map(Entry::subject).distinct().toArray(String[]::new);
        for (Record3<String, Long, String> head : ctx.select(s.SUBJECT, s.SUBJECT_SEQ, s.HASH).from(s)
                .where(s.SUBJECT.eq(DSL.any(subjects))).fetch()) {
            heads.put(head.value1(), new Head(head.value2(), head.value3()));
        }

        var a = AUDIT_LOG;
        List<Field<?>> columns = List.of(a.POSITION, a.EVENT_ID, a.EVENT_TYPE, a.SCHEMA_VERSION, a.SUBJECT, a.MODEL,
                a.VERSION, a.ACTOR, a.CORRELATION_ID, a.REASON, a.OCCURRED_AT, a.PAYLOAD, a.BEFORE_STATE, a.AFTER_STATE,
                a.KAFKA_PARTITION, a.KAFKA_OFFSET, a.CHAIN_SEQ, a.SUBJECT_SEQ, a.PREV_HASH, a.HASH, a.GLOBAL_PREV_HASH,
                a.GLOBAL_HASH);
        List<List<?>> rows = new ArrayList<>(entries.size());
        Map<String, long[]> movedSubjects = new LinkedHashMap<>(); // subject -> {subject_seq, chain_seq}
        Map<String, String> movedHashes = new HashMap<>();
        for (Entry e : entries) {
            Head head = heads.getOrDefault(e.subject(), new Head(0, AuditChainHash.GENESIS));
            long subjectSeq = head.seq() + 1;
            // stored exactly as hashed: PostgreSQL keeps microseconds
            OffsetDateTime at = AuditChainHash.storedTime(e.occurredAt());
            String hash = AuditChainHash.rowHash(head.hash(), new AuditChainHash.Content(e.position(), e.eventId(),
                    e.eventType(), e.schemaVersion(), e.subject(), subjectSeq, e.model(), e.version(), e.actor(),
                    e.correlationId(), e.reason(), at, e.payload(), e.beforeState(), e.afterState()));
            chainSeq++;
            String globalPrev = globalHash;
            globalHash = AuditChainHash.globalHash(globalPrev, chainSeq, hash);
            rows.add(Arrays.asList(e.position(), e.eventId(), e.eventType(), e.schemaVersion(), e.subject(),
                    e.model(), e.version(), e.actor(), e.correlationId(), e.reason(), at, JSONB.valueOf(e.payload()),
                    jsonb(e.beforeState()), jsonb(e.afterState()), e.kafkaPartition(), e.kafkaOffset(), chainSeq,
                    subjectSeq, head.hash(), hash, globalPrev, globalHash));
            heads.put(e.subject(), new Head(subjectSeq, hash));
            movedSubjects.put(e.subject(), new long[] {subjectSeq, chainSeq});
            movedHashes.put(e.subject(), hash);
        }
        CopyRows.append(ctx, a, columns, rows, row -> row);

        List<Field<?>> headColumns = List.of(s.SUBJECT, s.SUBJECT_SEQ, s.HASH, s.CHAIN_SEQ);
        List<List<?>> headRows = new ArrayList<>(movedSubjects.size());
        movedSubjects.forEach((subject, seq) -> headRows.add(List.of(subject, seq[0], movedHashes.get(subject), seq[1])));
        Table<?> moved = Unnest.of(headColumns, headRows, row -> row).table();
        ctx.insertInto(s).columns(headColumns).select(DSL.selectFrom(moved))
                .onConflict(s.SUBJECT).doUpdate()
                .set(s.SUBJECT_SEQ, DSL.excluded(s.SUBJECT_SEQ))
                .set(s.HASH, DSL.excluded(s.HASH))
                .set(s.CHAIN_SEQ, DSL.excluded(s.CHAIN_SEQ))
                .execute();
        ctx.update(g).set(g.CHAIN_SEQ, chainSeq).set(g.HASH, globalHash).where(g.ID.isTrue()).execute();
    }



    private static JSONB jsonb(String json) {
        return json == null ? null : JSONB.valueOf(json);
    }
}
