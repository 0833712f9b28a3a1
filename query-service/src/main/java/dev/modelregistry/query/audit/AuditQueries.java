package dev.modelregistry.query.audit;

import static dev.modelregistry.readmodel.jooq.Tables.AUDIT_LOG;
import static org.jooq.impl.DSL.noCondition;

import dev.modelregistry.query.support.JsonColumns;
import dev.modelregistry.query.support.ReadModelDatabase;
import dev.modelregistry.query.support.Scopes;
import dev.modelregistry.query.web.Page;
import dev.modelregistry.query.web.PageTokenCodec;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Records;
import org.springframework.stereotype.Component;

/** The audit log, oldest first by position, keyset-paginated by position. */
@Component("queryAuditQueries")
class AuditQueries {

    /** What to select; every criterion is optional. {@code from} is inclusive, {@code to} exclusive. */
    record Criteria(String subject, String model, Integer version, String actor, String type, Instant from, Instant to) {
    }

    private final ReadModelDatabase database;
    private final PageTokenCodec tokens;

    AuditQueries(ReadModelDatabase database, PageTokenCodec tokens) {
        this.database = database;
        this.tokens = tokens;
    }

    Page<AuditEntry> entries(Criteria criteria, int pageSize, String pageToken) {
        String scope = Scopes.of("audit", criteria.subject(), criteria.model(), criteria.version(), criteria.actor(), criteria.type(),
                criteria.from(), criteria.to());
        List<Condition> conditions = new ArrayList<>();
        if (criteria.subject() != null) {
            conditions.add(AUDIT_LOG.SUBJECT.eq(criteria.subject()));
        }
        if (criteria.model() != null) {
            conditions.add(AUDIT_LOG.MODEL.eq(criteria.model()));
        }
        if (criteria.version() != null) {
            conditions.add(AUDIT_LOG.VERSION.eq(criteria.version()));
        }
        if (criteria.actor() != null) {
            conditions.add(AUDIT_LOG.ACTOR.eq(criteria.actor()));
        }
        if (criteria.type() != null) {
            conditions.add(AUDIT_LOG.EVENT_TYPE.eq(criteria.type()));
        }
        if (criteria.from() != null) {
            conditions.add(AUDIT_LOG.OCCURRED_AT.ge(criteria.from().atOffset(ZoneOffset.UTC)));
        }
        if (criteria.to() != null) {
            conditions.add(AUDIT_LOG.OCCURRED_AT.lt(criteria.to().atOffset(ZoneOffset.UTC)));
        }
        Condition after = pageToken == null ? noCondition() : AUDIT_LOG.POSITION.gt(cursor(tokens.decode(scope, pageToken)));
        List<AuditEntry> rows = database.dsl()
                .select(AUDIT_LOG.POSITION, AUDIT_LOG.EVENT_ID, AUDIT_LOG.EVENT_TYPE, AUDIT_LOG.SCHEMA_VERSION,
                        AUDIT_LOG.SUBJECT, AUDIT_LOG.MODEL, AUDIT_LOG.VERSION, AUDIT_LOG.ACTOR, AUDIT_LOG.CORRELATION_ID,
                        AUDIT_LOG.REASON, AUDIT_LOG.OCCURRED_AT.convertFrom(JsonColumns::instant),
                        AUDIT_LOG.PAYLOAD.convertFrom(JsonColumns::tree),
                        AUDIT_LOG.BEFORE_STATE.convertFrom(JsonColumns::tree),
                        AUDIT_LOG.AFTER_STATE.convertFrom(JsonColumns::tree))
                .from(AUDIT_LOG)
                .where(conditions)
                .and(after)
                .orderBy(AUDIT_LOG.POSITION)
                .limit(pageSize + 1)
                .fetch(Records.mapping(AuditEntry::new));
        return Page.of(rows, pageSize, last -> tokens.encode(scope, List.of(last.position())));
    }

    private static long cursor(List<Object> cursor) {
        if (cursor.size() == 1 && cursor.getFirst() instanceof Long position && position >= 0) {
            return position;
        }
        throw new QueryException(ProblemType.INVALID_PAGE_TOKEN, PageTokenCodec.PARAMETER,
                "page_token is not a token this query returned; start again without page_token");
    }
}
