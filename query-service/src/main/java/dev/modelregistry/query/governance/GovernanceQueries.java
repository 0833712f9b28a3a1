package dev.modelregistry.query.governance;

import static dev.modelregistry.readmodel.jooq.Tables.EVALUATION_REPORT;
import static dev.modelregistry.readmodel.jooq.Tables.EVALUATOR;
import static dev.modelregistry.readmodel.jooq.Tables.MODEL;
import static dev.modelregistry.readmodel.jooq.Tables.MODEL_HISTORY;
import static dev.modelregistry.readmodel.jooq.Tables.MODEL_VERSION;
import static dev.modelregistry.readmodel.jooq.Tables.PRODUCTION_ROLLBACK;
import static dev.modelregistry.readmodel.jooq.Tables.PROMOTION_APPROVAL;
import static dev.modelregistry.readmodel.jooq.Tables.PROMOTION_REFUSAL;
import static dev.modelregistry.readmodel.jooq.Tables.PROMOTION_REQUEST;
import static dev.modelregistry.readmodel.jooq.Tables.VERSION_PROMOTION;
import static org.jooq.impl.DSL.noCondition;

import dev.modelregistry.query.governance.GovernanceViews.Approval;
import dev.modelregistry.query.governance.GovernanceViews.EvaluationReport;
import dev.modelregistry.query.governance.GovernanceViews.Evaluator;
import dev.modelregistry.query.governance.GovernanceViews.Promotion;
import dev.modelregistry.query.governance.GovernanceViews.Promotions;
import dev.modelregistry.query.governance.GovernanceViews.Refusal;
import dev.modelregistry.query.governance.GovernanceViews.Request;
import dev.modelregistry.query.governance.GovernanceViews.Rollback;
import dev.modelregistry.query.support.JsonColumns;
import dev.modelregistry.query.support.ReadModelDatabase;
import dev.modelregistry.query.support.Scopes;
import dev.modelregistry.query.web.Page;
import dev.modelregistry.query.web.PageTokenCodec;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Record2;
import org.jooq.RecordMapper;
import org.jooq.Records;
import org.jooq.SelectJoinStep;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;

/**
 * The promotion evidence of a version and the evaluators (migration V7), now or as of a time: rows
 * recorded at or before the time (every row is one event, with its time).
 */
@Component("queryGovernanceQueries")
class GovernanceQueries {

    private final ReadModelDatabase database;
    private final PageTokenCodec tokens;

    GovernanceQueries(ReadModelDatabase database, PageTokenCodec tokens) {
        this.database = database;
        this.tokens = tokens;
    }

    Promotions promotions(String model, int version, boolean includeDeleted, OffsetDateTime asOf) {
        requireVersion(model, version, includeDeleted, asOf);
        var r = EVALUATION_REPORT;
        List<EvaluationReport> reports = recorded(dsl()
                .select(r.REPORT_ID, r.EVALUATOR, r.ARTIFACT_SHA256, r.DATASET_SHA256,
                        r.METRICS.convertFrom(JsonColumns::numberMap), r.ISSUED_AT.convertFrom(JsonColumns::instant),
                        r.EXPIRES_AT.convertFrom(JsonColumns::instant), r.ATTACHED_AT.convertFrom(JsonColumns::instant),
                        r.ATTACHED_BY)
                .from(r), r.MODEL.eq(model).and(r.VERSION.eq(version)), r.ATTACHED_AT, asOf, r.POSITION,
                Records.mapping(EvaluationReport::new));
        var q = PROMOTION_REQUEST;
        List<Request> requests = recorded(dsl()
                .select(q.REQUEST_ID, q.CANARY_PERCENT, q.EVALUATION_REPORT_ID, q.REASON,
                        q.REQUESTED_AT.convertFrom(JsonColumns::instant), q.REQUESTED_BY)
                .from(q), q.MODEL.eq(model).and(q.VERSION.eq(version)), q.REQUESTED_AT, asOf, q.POSITION,
                Records.mapping(Request::new));
        var a = PROMOTION_APPROVAL;
        List<Approval> approvals = recorded(dsl()
                .select(a.REQUEST_ID, a.APPROVER, a.REASON, a.APPROVED_AT.convertFrom(JsonColumns::instant))
                .from(a), a.MODEL.eq(model).and(a.VERSION.eq(version)), a.APPROVED_AT, asOf, a.POSITION,
                Records.mapping(Approval::new));
        var f = PROMOTION_REFUSAL;
        List<Refusal> refusals = recorded(dsl()
                .select(f.REQUEST_ID, f.FAILED_CHECKS.convertFrom(JsonColumns::tree), f.REASON,
                        f.REFUSED_AT.convertFrom(JsonColumns::instant), f.REFUSED_BY)
                .from(f), f.MODEL.eq(model).and(f.VERSION.eq(version)), f.REFUSED_AT, asOf, f.POSITION,
                Records.mapping(Refusal::new));
        var p = VERSION_PROMOTION;
        List<Promotion> promotions = recorded(dsl()
                .select(p.REQUEST_ID, p.POLICY_VERSION, p.EVALUATION_REPORT_ID,
                        p.APPROVERS.convertFrom(PromotionPolicyQueries::strings), p.CANARY_PERCENT, p.INCUMBENT,
                        p.REASON, p.PROMOTED_AT.convertFrom(JsonColumns::instant), p.PROMOTED_BY)
                .from(p), p.MODEL.eq(model).and(p.VERSION.eq(version)), p.PROMOTED_AT, asOf, p.POSITION,
                Records.mapping(Promotion::new));
        var b = PRODUCTION_ROLLBACK;
        // a rollback is evidence of both the version it left and the one it went back to
        List<Rollback> rollbacks = recorded(dsl()
                .select(b.FROM_VERSION, b.TO_VERSION, b.REASON, b.ROLLED_BACK_AT.convertFrom(JsonColumns::instant),
                        b.ROLLED_BACK_BY)
                .from(b), b.MODEL.eq(model).and(b.FROM_VERSION.eq(version).or(b.TO_VERSION.eq(version))),
                b.ROLLED_BACK_AT, asOf, b.POSITION, Records.mapping(Rollback::new));
        return new Promotions(model, version, model + "@" + version, reports, requests, approvals, refusals,
                promotions, rollbacks);
    }

    /** The evidence rows of a version, recorded at or before the time, in the order of their events. */
    private static <R extends Record, E> List<E> recorded(SelectJoinStep<R> rows, Condition ofVersion,
            Field<OffsetDateTime> recordedAt, OffsetDateTime asOf, Field<Long> position,
            RecordMapper<? super R, E> mapper) {
        return rows.where(ofVersion, until(recordedAt, asOf)).orderBy(position).fetch(mapper);
    }

    /** Evaluators by name; as of a time: those registered by then, revoked when revoked by then. */
    Page<Evaluator> evaluators(OffsetDateTime asOf, int pageSize, String pageToken) {
        String scope = Scopes.of("evaluators", asOf);
        var e = EVALUATOR;
        Condition after = noCondition();
        if (pageToken != null) {
            List<Object> cursor = tokens.decode(scope, pageToken);
            if (cursor.size() != 1 || !(cursor.getFirst() instanceof String name)) {
                throw new QueryException(ProblemType.INVALID_PAGE_TOKEN, PageTokenCodec.PARAMETER,
                        "page_token is not a token this query returned; start again without page_token");
            }
            after = e.NAME.gt(name);
        }
        Condition revokedThen = asOf == null ? e.REVOKED_AT.isNotNull() : e.REVOKED_AT.le(asOf);
        Field<OffsetDateTime> revokedAt = DSL.when(revokedThen, e.REVOKED_AT);
        List<Evaluator> rows = dsl()
                .select(e.NAME, e.PUBLIC_KEY, e.DESCRIPTION, e.REGISTERED_AT.convertFrom(JsonColumns::instant),
                        e.REGISTERED_BY, DSL.field(revokedThen), revokedAt.convertFrom(JsonColumns::instant),
                        DSL.when(revokedThen, e.REVOKED_BY), DSL.when(revokedThen, e.REVOKED_REASON))
                .from(e)
                .where(until(e.REGISTERED_AT, asOf))
                .and(after)
                .orderBy(e.NAME)
                .limit(pageSize + 1)
                .fetch(Records.mapping(Evaluator::new));
        return Page.of(rows, pageSize, last -> tokens.encode(scope, List.of(last.evaluator())));
    }

    /** 404 unless the model and the version existed at the time (and, unless asked for, were not deleted). */
    private void requireVersion(String model, int version, boolean includeDeleted, OffsetDateTime asOf) {
        requireModel(model, includeDeleted, asOf);
        var v = MODEL_VERSION;
        Record2<OffsetDateTime, OffsetDateTime> versionRow = dsl().select(v.CREATED_AT, v.DELETED_AT).from(v)
                .where(v.MODEL.eq(model), v.VERSION.eq(version))
                .fetchOne();
        if (versionRow == null || asOf != null && versionRow.value1().isAfter(asOf)) {
            throw new QueryException(ProblemType.VERSION_NOT_FOUND, "version",
                    "Model '" + model + "' has no version " + version);
        }
        OffsetDateTime deletedAt = versionRow.value2();
        if (deletedAt != null && (asOf == null || !deletedAt.isAfter(asOf)) && !includeDeleted) {
            throw new QueryException(ProblemType.VERSION_DELETED, "version",
                    "Version " + version + " of model '" + model + "' is deleted; add include_deleted=true to see it");
        }
    }

    /** 404 unless the model existed (and was not deleted) at the time. */
    void requireModel(String model, OffsetDateTime asOf) {
        requireModel(model, false, asOf);
    }

    private void requireModel(String model, boolean includeDeleted, OffsetDateTime asOf) {
        Record1<OffsetDateTime> modelRow;
        if (asOf == null) {
            modelRow = dsl().select(MODEL.DELETED_AT).from(MODEL).where(MODEL.NAME.eq(model)).fetchOne();
        } else {
            var h = MODEL_HISTORY;
            modelRow = dsl().select(h.DELETED_AT).from(h)
                    .where(h.MODEL.eq(model), h.VALID_FROM.le(asOf))
                    .orderBy(h.VALID_FROM.desc(), h.FROM_POSITION.desc())
                    .limit(1)
                    .fetchOne();
        }
        if (modelRow == null) {
            throw new QueryException(ProblemType.MODEL_NOT_FOUND, "name", "No model named '" + model + "'");
        }
        if (modelRow.value1() != null && !includeDeleted) {
            throw new QueryException(ProblemType.MODEL_DELETED, "name",
                    "Model '" + model + "' is deleted; add include_deleted=true to see it");
        }
    }

    /** Rows recorded at or before the time (every row when null). */
    private static Condition until(Field<OffsetDateTime> at, OffsetDateTime asOf) {
        return asOf == null ? noCondition() : at.le(asOf);
    }

    private DSLContext dsl() {
        return database.dsl();
    }
}
