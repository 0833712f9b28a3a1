package dev.modelregistry.projection.postgres;

import static dev.modelregistry.readmodel.jooq.Tables.CANARY_HISTORY;
import static dev.modelregistry.readmodel.jooq.Tables.EVALUATION_REPORT;
import static dev.modelregistry.readmodel.jooq.Tables.EVALUATOR;
import static dev.modelregistry.readmodel.jooq.Tables.PRODUCTION_ROLLBACK;
import static dev.modelregistry.readmodel.jooq.Tables.PROMOTION_APPROVAL;
import static dev.modelregistry.readmodel.jooq.Tables.PROMOTION_POLICY_HISTORY;
import static dev.modelregistry.readmodel.jooq.Tables.PROMOTION_REFUSAL;
import static dev.modelregistry.readmodel.jooq.Tables.PROMOTION_REQUEST;
import static dev.modelregistry.readmodel.jooq.Tables.VERSION_PROMOTION;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.events.evaluation.EvaluatorEvent;
import dev.modelregistry.events.evaluation.EvaluatorRegistered;
import dev.modelregistry.events.evaluation.EvaluatorRevoked;
import dev.modelregistry.events.model.EvaluationReportAttached;
import dev.modelregistry.events.model.FailedCheck;
import dev.modelregistry.events.model.MetricThreshold;
import dev.modelregistry.events.model.PromotionApproved;
import dev.modelregistry.events.model.PromotionPolicySet;
import dev.modelregistry.events.model.PromotionRefused;
import dev.modelregistry.events.model.PromotionRequested;
import dev.modelregistry.events.model.RegressionLimit;
import dev.modelregistry.events.model.VersionPromoted;
import dev.modelregistry.projection.core.Unnest;
import dev.modelregistry.projection.postgres.PostgresState.Intervals;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jooq.JSONB;

/**
 * The governance rows of one batch (migration {@code V7__governance.sql}): promotion policies as validity
 * intervals, the evidence of each version (evaluation reports, requests, approvals, refusals,
 * promotions), canaries as intervals per model, rollbacks and evaluators. No I/O until
 * {@link #flush(PostgresBatch)}; every write is idempotent: one-off rows are keyed by their event's
 * position (or their natural key) and inserted with ON CONFLICT DO NOTHING, intervals are opened on
 * (model, from_position) and closed only while open and by a later position. The model events reach
 * this class only after {@link PostgresState} checked them against the model's {@code last_position},
 * so a replay does not get here at all.
 */
final class GovernanceRows {

    /** One PromotionPolicySet: the whole policy in force from its event on. */
    record Policy(int policyVersion, JSONB thresholds, JSONB noRegression, boolean requireEvaluationReport,
                  int requiredApprovals, JSONB approvers, String setBy) {
    }

    /** An open canary: {@code version} serves {@code percent}, {@code incumbent} the rest. */
    record Canary(int version, Integer incumbent, int percent) {
    }

    private record Report(EvaluationReportAttached event, OffsetDateTime at, String actor, long position) {
    }

    private record Request(PromotionRequested event, String reason, OffsetDateTime at, String actor, long position) {
    }

    private record Approval(PromotionApproved event, String reason, OffsetDateTime at, long position) {
    }

    private record Refusal(PromotionRefused event, String reason, OffsetDateTime at, String actor, long position) {
    }

    private record Promotion(VersionPromoted event, String reason, OffsetDateTime at, String actor, long position) {
    }

    private record Rollback(String model, int fromVersion, int toVersion, String reason, OffsetDateTime at,
                            String actor, long position) {
    }

    private static final class NewEvaluator {
        final EvaluatorRegistered registered;
        final OffsetDateTime at;
        final String actor;
        final long position;
        OffsetDateTime revokedAt;
        String revokedBy;
        String revokedReason;
        Long revokedPosition;

        NewEvaluator(EvaluatorRegistered registered, OffsetDateTime at, String actor, long position) {
            this.registered = registered;
            this.at = at;
            this.actor = actor;
            this.position = position;
        }
    }

    private record Revocation(String evaluator, String reason, OffsetDateTime at, String actor, long position) {
    }

    final Intervals<String> policies = new Intervals<>();
    final Intervals<String> canaries = new Intervals<>();
    private final List<Report> reports = new ArrayList<>();
    private final List<Request> requests = new ArrayList<>();
    private final List<Approval> approvals = new ArrayList<>();
    private final List<Refusal> refusals = new ArrayList<>();
    private final List<Promotion> promotions = new ArrayList<>();
    private final List<Rollback> rollbacks = new ArrayList<>();
    private final Map<String, NewEvaluator> evaluators = new LinkedHashMap<>();
    private final List<Revocation> revocations = new ArrayList<>();

    // ---------------------------------------------------------------- model events (called by PostgresState)

    ObjectNode policySet(PromotionPolicySet e, OffsetDateTime at, String actor, long position) {
        ArrayNode thresholds = PostgresState.JSON.createArrayNode();
        for (MetricThreshold t : e.thresholds()) {
            ObjectNode node = thresholds.addObject().put("metric", t.metric());
            node.put("min", t.min());
            node.put("max", t.max());
        }
        ArrayNode noRegression = PostgresState.JSON.createArrayNode();
        for (RegressionLimit r : e.noRegression()) {
            noRegression.addObject().put("metric", r.metric()).put("tolerance", r.tolerance())
                    .put("higher_is_better", r.higherIsBetter());
        }
        ArrayNode approvers = PostgresState.JSON.createArrayNode();
        e.approvers().forEach(approvers::add);
        policies.open(e.model(), new Policy(e.policyVersion(), json(thresholds), json(noRegression),
                e.requireEvaluationReport(), e.requiredApprovals(), json(approvers), actor), at, position);
        return PostgresState.JSON.createObjectNode().put("policy_version", e.policyVersion());
    }

    void reportAttached(EvaluationReportAttached e, OffsetDateTime at, String actor, long position) {
        reports.add(new Report(e, at, actor, position));
    }

    void requested(PromotionRequested e, String reason, OffsetDateTime at, String actor, long position) {
        requests.add(new Request(e, reason, at, actor, position));
    }

    void approved(PromotionApproved e, String reason, OffsetDateTime at, long position) {
        approvals.add(new Approval(e, reason, at, position));
    }

    void refused(PromotionRefused e, String reason, OffsetDateTime at, String actor, long position) {
        refusals.add(new Refusal(e, reason, at, actor, position));
    }

    void promoted(VersionPromoted e, String reason, OffsetDateTime at, String actor, long position) {
        promotions.add(new Promotion(e, reason, at, actor, position));
        if (e.canaryPercent() != null) {
            canaries.open(e.model(), new Canary(e.version(), e.incumbent(), e.canaryPercent()), at, position);
        }
    }

    void rolledBack(String model, int fromVersion, int toVersion, String reason, OffsetDateTime at, String actor,
                    long position) {
        rollbacks.add(new Rollback(model, fromVersion, toVersion, reason, at, actor, position));
        endCanary(model, at, position);
    }

    /**
     * The model's canary, if one runs, is over: finalized, aborted, rolled back, or one of its two
     * Production versions left Production by other means (then the other serves everything).
     */
    void endCanary(String model, OffsetDateTime at, long position) {
        canaries.close(model, at, position);
    }

    // ---------------------------------------------------------------- evaluators (called by PostgresState)

    /** Never refuses: an evaluator event only adds to the evaluator table. */
    String apply(EvaluatorEvent event, OffsetDateTime at, String actor, long position) {
        switch (event) {
            case EvaluatorRegistered e -> evaluators.putIfAbsent(e.evaluator(), new NewEvaluator(e, at, actor, position));
            case EvaluatorRevoked e -> {
                NewEvaluator registered = evaluators.get(e.evaluator());
                if (registered != null && registered.revokedPosition == null) {
                    registered.revokedAt = at;
                    registered.revokedBy = actor;
                    registered.revokedReason = e.reason();
                    registered.revokedPosition = position;
                } else if (registered == null) {
                    revocations.add(new Revocation(e.evaluator(), e.reason(), at, actor, position));
                }
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- flush

    void flush(PostgresBatch batch) {
        var p = PROMOTION_POLICY_HISTORY;
        HistoryRows.intervals(batch, p, List.of(p.MODEL), policies, List::of, p.VALID_FROM, p.VALID_TO,
                p.FROM_POSITION, p.TO_POSITION, List.of(p.POLICY_VERSION, p.THRESHOLDS, p.NO_REGRESSION,
                        p.REQUIRE_EVALUATION_REPORT, p.REQUIRED_APPROVALS, p.APPROVERS, p.SET_BY),
                value -> {
                    Policy v = (Policy) value;
                    return Arrays.asList(v.policyVersion(), v.thresholds(), v.noRegression(),
                            v.requireEvaluationReport(), v.requiredApprovals(), v.approvers(), v.setBy());
                });
        var c = CANARY_HISTORY;
        HistoryRows.intervals(batch, c, List.of(c.MODEL), canaries, List::of, c.VALID_FROM, c.VALID_TO,
                c.FROM_POSITION, c.TO_POSITION, List.of(c.VERSION, c.INCUMBENT, c.PERCENT),
                value -> {
                    Canary v = (Canary) value;
                    return Arrays.asList(v.version(), v.incumbent(), v.percent());
                });

        var r = EVALUATION_REPORT;
        batch.insert(r, List.of(r.MODEL, r.VERSION, r.REPORT_ID, r.EVALUATOR, r.ARTIFACT_SHA256, r.DATASET_SHA256,
                        r.METRICS, r.ISSUED_AT, r.EXPIRES_AT, r.ATTACHED_AT, r.ATTACHED_BY, r.POSITION), reports,
                (Report x) -> Arrays.asList(x.event().model(), x.event().version(), x.event().reportId(),
                        x.event().evaluator(), x.event().artifactSha256(), x.event().datasetSha256(),
                        PostgresBatch.writeMap(x.event().metrics()), time(x.event().issuedAt()),
                        time(x.event().expiresAt()), x.at(), x.actor(), x.position()));
        var q = PROMOTION_REQUEST;
        batch.insert(q, List.of(q.MODEL, q.VERSION, q.REQUEST_ID, q.CANARY_PERCENT, q.EVALUATION_REPORT_ID, q.REASON,
                        q.REQUESTED_AT, q.REQUESTED_BY, q.POSITION), requests,
                (Request x) -> Arrays.asList(x.event().model(), x.event().version(), x.event().requestId(),
                        x.event().canaryPercent(), x.event().evaluationReportId(), x.reason(), x.at(), x.actor(),
                        x.position()));
        var a = PROMOTION_APPROVAL;
        batch.insert(a, List.of(a.POSITION, a.MODEL, a.VERSION, a.REQUEST_ID, a.APPROVER, a.REASON, a.APPROVED_AT),
                approvals, (Approval x) -> Arrays.asList(x.position(), x.event().model(), x.event().version(),
                        x.event().requestId(), x.event().approver(), x.reason(), x.at()));
        var f = PROMOTION_REFUSAL;
        batch.insert(f, List.of(f.POSITION, f.MODEL, f.VERSION, f.REQUEST_ID, f.FAILED_CHECKS, f.REFUSED_BY, f.REASON,
                        f.REFUSED_AT), refusals,
                (Refusal x) -> Arrays.asList(x.position(), x.event().model(), x.event().version(), x.event().requestId(),
                        failedChecks(x.event().failedChecks()), x.actor(), x.reason(), x.at()));
        var v = VERSION_PROMOTION;
        batch.insert(v, List.of(v.POSITION, v.MODEL, v.VERSION, v.REQUEST_ID, v.POLICY_VERSION, v.EVALUATION_REPORT_ID,
                        v.APPROVERS, v.CANARY_PERCENT, v.INCUMBENT, v.PROMOTED_BY, v.REASON, v.PROMOTED_AT), promotions,
                (Promotion x) -> {
                    ArrayNode approvers = PostgresState.JSON.createArrayNode();
                    x.event().approvers().forEach(approvers::add);
                    return Arrays.asList(x.position(), x.event().model(), x.event().version(), x.event().requestId(),
                            x.event().policyVersion(), x.event().evaluationReportId(), json(approvers),
                            x.event().canaryPercent(), x.event().incumbent(), x.actor(), x.reason(), x.at());
                });
        var b = PRODUCTION_ROLLBACK;
        batch.insert(b, List.of(b.POSITION, b.MODEL, b.FROM_VERSION, b.TO_VERSION, b.ROLLED_BACK_BY, b.REASON,
                        b.ROLLED_BACK_AT), rollbacks,
                (Rollback x) -> Arrays.asList(x.position(), x.model(), x.fromVersion(), x.toVersion(), x.actor(),
                        x.reason(), x.at()));
        flushEvaluators(batch);
    }

    private void flushEvaluators(PostgresBatch batch) {
        var e = EVALUATOR;
        batch.insert(e, List.of(e.NAME, e.PUBLIC_KEY, e.DESCRIPTION, e.REGISTERED_AT, e.REGISTERED_BY,
                        e.REGISTERED_POSITION, e.REVOKED_AT, e.REVOKED_BY, e.REVOKED_REASON, e.REVOKED_POSITION),
                List.copyOf(evaluators.values()), (NewEvaluator x) -> Arrays.asList(x.registered.evaluator(),
                        x.registered.publicKey(), x.registered.description(), x.at, x.actor, x.position, x.revokedAt,
                        x.revokedBy, x.revokedReason, x.revokedPosition));
        if (revocations.isEmpty()) {
            return;
        }
        Unnest v = Unnest.of(List.of(e.NAME, e.REVOKED_AT, e.REVOKED_BY, e.REVOKED_REASON,
                e.REVOKED_POSITION), revocations, (Revocation x) -> Arrays.asList(x.evaluator(), x.at(), x.actor(),
                x.reason(), x.position()));
        batch.ctx().update(e)
                .set(e.REVOKED_AT, v.field(e.REVOKED_AT))
                .set(e.REVOKED_BY, v.field(e.REVOKED_BY))
                .set(e.REVOKED_REASON, v.field(e.REVOKED_REASON))
                .set(e.REVOKED_POSITION, v.field(e.REVOKED_POSITION))
                .from(v.table())
                .where(e.NAME.eq(v.field(e.NAME)))
                .and(e.REVOKED_POSITION.isNull())
                .and(e.REGISTERED_POSITION.lt(v.field(e.REVOKED_POSITION)))
                .execute();
    }

    private static JSONB failedChecks(List<FailedCheck> checks) {
        ArrayNode array = PostgresState.JSON.createArrayNode();
        for (FailedCheck check : checks) {
            array.addObject().put("check", check.check()).put("detail", check.detail());
        }
        return json(array);
    }

    private static JSONB json(Object node) {
        try {
            return JSONB.valueOf(PostgresState.JSON.writeValueAsString(Objects.requireNonNull(node)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
