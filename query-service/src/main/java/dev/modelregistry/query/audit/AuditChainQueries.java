package dev.modelregistry.query.audit;

import static dev.modelregistry.readmodel.jooq.Tables.AUDIT_CHAIN_GLOBAL;
import static dev.modelregistry.readmodel.jooq.Tables.AUDIT_CHAIN_SUBJECT;
import static dev.modelregistry.readmodel.jooq.Tables.AUDIT_LOG;

import dev.modelregistry.query.support.ReadModelDatabase;
import dev.modelregistry.readmodel.AuditChainHash;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.impl.DSL;

/**
 * The SQL of the audit chain (migration V5): the pages the verifier walks and the stream sends, the
 * heads. {@link #inSnapshot} runs a whole verification in one read-only REPEATABLE READ transaction,
 * so rows and heads are seen as of one moment while the projector keeps appending.
 */
final class AuditChainQueries {

    /** An audit row with its links; {@code content} as hashed (subject_seq 0 when the row has none). */
    record ChainRow(Long chainSeq, Long subjectSeq, String prevHash, String hash, String globalPrevHash,
                    String globalHash, AuditChainHash.Content content) {

        long position() {
            return content.position();
        }

        String subject() {
            return content.subject();
        }
    }

    /** The last link of a chain as the heads table records it. */
    record Head(long seq, String hash) {
    }

    private static final List<SelectField<?>> ROW = List.of(AUDIT_LOG.CHAIN_SEQ, AUDIT_LOG.SUBJECT_SEQ,
            AUDIT_LOG.PREV_HASH, AUDIT_LOG.HASH, AUDIT_LOG.GLOBAL_PREV_HASH, AUDIT_LOG.GLOBAL_HASH, AUDIT_LOG.POSITION,
            AUDIT_LOG.EVENT_ID, AUDIT_LOG.EVENT_TYPE, AUDIT_LOG.SCHEMA_VERSION, AUDIT_LOG.SUBJECT, AUDIT_LOG.MODEL,
            AUDIT_LOG.VERSION, AUDIT_LOG.ACTOR, AUDIT_LOG.CORRELATION_ID, AUDIT_LOG.REASON, AUDIT_LOG.OCCURRED_AT,
            AUDIT_LOG.PAYLOAD, AUDIT_LOG.BEFORE_STATE, AUDIT_LOG.AFTER_STATE);

    private final ReadModelDatabase database;
    private final DSLContext snapshot;

    AuditChainQueries(ReadModelDatabase database) {
        this(database, null);
    }

    private AuditChainQueries(ReadModelDatabase database, DSLContext snapshot) {
        this.database = database;
        this.snapshot = snapshot;
    }

    private DSLContext dsl() {
        return snapshot != null ? snapshot : database.dsl();
    }

    /** Runs {@code work} with queries that all read one snapshot (read-only, REPEATABLE READ). */
    <T> T inSnapshot(Function<AuditChainQueries, T> work) {
        return database.dsl().transactionResult(configuration -> {
            DSLContext ctx = configuration.dsl();
            ctx.execute("set transaction isolation level repeatable read, read only");
            return work.apply(new AuditChainQueries(database, ctx));
        });
    }

    Head globalHead() {
        var g = AUDIT_CHAIN_GLOBAL;
        return dsl().select(g.CHAIN_SEQ, g.HASH).from(g).where(g.ID.isTrue())
                .fetchOptional(r -> new Head(r.value1(), r.value2()))
                .orElse(new Head(0, AuditChainHash.GENESIS));
    }

    /** Rows of the global chain after {@code afterSeq}, in chain order. */
    List<ChainRow> globalPage(long afterSeq, int limit) {
        return dsl().select(ROW).from(AUDIT_LOG).where(AUDIT_LOG.CHAIN_SEQ.gt(afterSeq))
                .orderBy(AUDIT_LOG.CHAIN_SEQ).limit(limit).fetch(AuditChainQueries::row);
    }

    /** Rows of subjects' chains after ({@code afterSubject}, {@code afterSeq}), by subject then subject_seq. */
    List<ChainRow> subjectPage(String onlySubject, String afterSubject, long afterSeq, int limit) {
        Condition where = AUDIT_LOG.SUBJECT_SEQ.isNotNull()
                .and(DSL.row(AUDIT_LOG.SUBJECT, AUDIT_LOG.SUBJECT_SEQ).gt(afterSubject, afterSeq));
        if (onlySubject != null) {
            where = where.and(AUDIT_LOG.SUBJECT.eq(onlySubject));
        }
        return dsl().select(ROW).from(AUDIT_LOG).where(where)
                .orderBy(AUDIT_LOG.SUBJECT, AUDIT_LOG.SUBJECT_SEQ).limit(limit).fetch(AuditChainQueries::row);
    }

    Map<String, Head> subjectHeads(Collection<String> subjects) {
        var s = AUDIT_CHAIN_SUBJECT;
        Map<String, Head> heads = new HashMap<>();
        dsl().select(s.SUBJECT, s.SUBJECT_SEQ, s.HASH).from(s).where(s.SUBJECT.in(subjects))
                .forEach(r -> heads.put(r.value1(), new Head(r.value2(), r.value3())));
        return heads;
    }

    /** The first subject (or the given one) whose head names a chain of which no row is left. */
    Optional<String> headWithoutRows(String onlySubject) {
        var s = AUDIT_CHAIN_SUBJECT;
        Condition where = DSL.notExists(DSL.selectOne().from(AUDIT_LOG).where(AUDIT_LOG.SUBJECT.eq(s.SUBJECT))
                .and(AUDIT_LOG.SUBJECT_SEQ.isNotNull()));
        if (onlySubject != null) {
            where = where.and(s.SUBJECT.eq(onlySubject));
        }
        return dsl().select(s.SUBJECT).from(s).where(where).orderBy(s.SUBJECT).limit(1).fetchOptional(r -> r.value1());
    }

    /** The first row (by position) that is no link of a chain: written before V5, or its links erased. */
    Optional<ChainRow> firstUnchained(String onlySubject) {
        Condition where = AUDIT_LOG.CHAIN_SEQ.isNull().or(AUDIT_LOG.SUBJECT_SEQ.isNull());
        if (onlySubject != null) {
            where = AUDIT_LOG.SUBJECT.eq(onlySubject).and(where);
        }
        return dsl().select(ROW).from(AUDIT_LOG).where(where).orderBy(AUDIT_LOG.POSITION).limit(1)
                .fetchOptional(AuditChainQueries::row);
    }

    /**
     * The chain number where a stream {@code from} a position starts: that of the first row, in chain
     * order, whose position is at least {@code position}; empty when there is none (yet).
     */
    Optional<Long> firstChainSeqFrom(long position) {
        return dsl().select(AUDIT_LOG.CHAIN_SEQ).from(AUDIT_LOG)
                .where(AUDIT_LOG.POSITION.ge(position)).and(AUDIT_LOG.CHAIN_SEQ.isNotNull())
                .orderBy(AUDIT_LOG.CHAIN_SEQ).limit(1).fetchOptional(r -> r.value1());
    }

    /** Stream lines from chain number {@code fromSeq} (inclusive), in chain order. */
    List<AuditStreamLine> streamPage(long fromSeq, int limit) {
        return dsl().select(ROW).from(AUDIT_LOG).where(AUDIT_LOG.CHAIN_SEQ.ge(fromSeq))
                .orderBy(AUDIT_LOG.CHAIN_SEQ).limit(limit)
                .fetch(r -> {
                    ChainRow row = row(r);
                    AuditChainHash.Content c = row.content();
                    return new AuditStreamLine(row.chainSeq(), c.position(), c.eventId(), c.eventType(),
                            c.schemaVersion(), c.subject(), row.subjectSeq(), c.model(), c.version(), c.actor(),
                            c.correlationId(), c.reason(), AuditChainHash.formatTime(c.occurredAt()), c.payload(),
                            c.beforeState(), c.afterState(), row.prevHash(), row.hash(), row.globalPrevHash(),
                            row.globalHash());
                });
    }

    private static ChainRow row(Record r) {
        var a = AUDIT_LOG;
        Long subjectSeq = r.get(a.SUBJECT_SEQ);
        AuditChainHash.Content content = new AuditChainHash.Content(r.get(a.POSITION), r.get(a.EVENT_ID),
                r.get(a.EVENT_TYPE), r.get(a.SCHEMA_VERSION), r.get(a.SUBJECT), subjectSeq == null ? 0 : subjectSeq,
                r.get(a.MODEL), r.get(a.VERSION), r.get(a.ACTOR), r.get(a.CORRELATION_ID), r.get(a.REASON),
                r.get(a.OCCURRED_AT), r.get(a.PAYLOAD).data(),
                r.get(a.BEFORE_STATE) == null ? null : r.get(a.BEFORE_STATE).data(),
                r.get(a.AFTER_STATE) == null ? null : r.get(a.AFTER_STATE).data());
        return new ChainRow(r.get(a.CHAIN_SEQ), subjectSeq, r.get(a.PREV_HASH), r.get(a.HASH), r.get(a.GLOBAL_PREV_HASH),
                r.get(a.GLOBAL_HASH), content);
    }
}
