package dev.modelregistry.projection.postgres;

import static dev.modelregistry.projection.core.TestEvents.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.events.evaluation.EvaluatorRegistered;
import dev.modelregistry.events.evaluation.EvaluatorRevoked;
import dev.modelregistry.events.model.CanaryAborted;
import dev.modelregistry.events.model.CanaryFinalized;
import dev.modelregistry.events.model.EvaluationReportAttached;
import dev.modelregistry.events.model.FailedCheck;
import dev.modelregistry.events.model.MetricThreshold;
import dev.modelregistry.events.model.ModelDeprecationWarned;
import dev.modelregistry.events.model.ModelExpired;
import dev.modelregistry.events.model.ModelOwnerReassigned;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.events.model.ProductionRolledBack;
import dev.modelregistry.events.model.PromotionApproved;
import dev.modelregistry.events.model.PromotionPolicySet;
import dev.modelregistry.events.model.PromotionRefused;
import dev.modelregistry.events.model.PromotionRequested;
import dev.modelregistry.events.model.RegressionLimit;
import dev.modelregistry.events.model.Stage;
import dev.modelregistry.events.model.VersionDeleted;
import dev.modelregistry.events.model.VersionPromoted;
import dev.modelregistry.events.model.VersionStageTransitioned;
import dev.modelregistry.projection.core.ReadModelFixture;
import dev.modelregistry.projection.core.TestEvents;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.jooq.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The governance read model (V7) through the real projector on an embedded PostgreSQL: every governance
 * event becomes its rows (policies and canaries as validity intervals, evidence rows per version,
 * rollbacks, evaluators, owner team and deprecation state of the model and its history), two versions are
 * in Production during a canary, and applying the events again (in one batch or split, with or without
 * the duplicate check) changes nothing.
 */
class PostgresProjectorGovernanceTest {

    private static final String MODEL = "fraud.scorer";
    private static final String DIGEST = "a".repeat(64);

    @RegisterExtension
    static final ReadModelFixture readModel = new ReadModelFixture();

    private static List<EventEnvelope> history() {
        TestEvents events = new TestEvents();
        Instant lastVersion = TestEvents.time(24);
        return List.of(
                events.next(new ModelRegistered(MODEL, "scores", "fraud", Map.of())),                        // 1
                events.next(TestEvents.version(MODEL, 1)),                                                   // 2
                events.next(TestEvents.version(MODEL, 2)),                                                   // 3
                events.next(new PromotionPolicySet(MODEL, 1, List.of(new MetricThreshold("accuracy", 0.8, null)),
                        List.of(new RegressionLimit("auc", 0.01, true)), true, 1, List.of("bob", "ann")), "admin"), // 4
                events.next(new EvaluationReportAttached(MODEL, 1, "r1", "ci-eval", DIGEST, "b".repeat(64),
                        Map.of("accuracy", 0.91), TestEvents.time(1), TestEvents.time(1000))),               // 5
                events.next(new PromotionRequested(MODEL, 1, "q1", null, "r1")),                             // 6
                events.next(new PromotionRefused(MODEL, 1, "q1",
                        List.of(new FailedCheck("approvals_missing", "0 of 1 approvals")))),                 // 7
                events.next(new PromotionApproved(MODEL, 1, "q1", "bob"), "bob"),                            // 8
                events.next(new VersionPromoted(MODEL, 1, "q1", 1, "r1", List.of("bob"), null, null)),       // 9
                events.next(new VersionStageTransitioned(MODEL, 1, Stage.NONE, Stage.PRODUCTION)),           // 10
                events.next(new PromotionPolicySet(MODEL, 2, List.of(), List.of(), false, 0, List.of()), "admin"), // 11
                events.next(new VersionPromoted(MODEL, 2, null, 2, null, List.of(), 10, 1)),                 // 12
                events.next(new VersionStageTransitioned(MODEL, 2, Stage.NONE, Stage.PRODUCTION)),           // 13
                events.next(new CanaryFinalized(MODEL, 2, 1)),                                               // 14
                events.next(new VersionStageTransitioned(MODEL, 1, Stage.PRODUCTION, Stage.ARCHIVED)),       // 15
                events.next(new ProductionRolledBack(MODEL, 2, 1)),                                          // 16
                events.next(new VersionStageTransitioned(MODEL, 2, Stage.PRODUCTION, Stage.ARCHIVED)),       // 17
                events.next(new VersionStageTransitioned(MODEL, 1, Stage.ARCHIVED, Stage.PRODUCTION)),       // 18
                events.next(new ModelOwnerReassigned(MODEL, "ops", "fraud"), "admin"),                       // 19
                events.next(new ModelDeprecationWarned(MODEL, TestEvents.time(3), lastVersion), "system"),  // 20
                events.next(new ModelExpired(MODEL, TestEvents.time(3)), "system"),                          // 21
                events.next(new EvaluatorRegistered("ci-eval", "MCowBQYDK2VwAyEA", "CI"), "admin"),         // 22
                events.next(new EvaluatorRevoked("ci-eval", "key leaked"), "admin"),                        // 23
                events.next(TestEvents.version(MODEL, 3)),                                                   // 24
                events.next(new VersionPromoted(MODEL, 3, null, 2, null, List.of(), 25, 1)),                 // 25
                events.next(new VersionStageTransitioned(MODEL, 3, Stage.NONE, Stage.PRODUCTION)),           // 26
                events.next(new CanaryAborted(MODEL, 3, 1)),                                                 // 27
                events.next(new VersionStageTransitioned(MODEL, 3, Stage.PRODUCTION, Stage.ARCHIVED)),       // 28
                events.next(new VersionPromoted(MODEL, 2, null, 2, null, List.of(), 50, 1)),                 // 29
                events.next(new VersionStageTransitioned(MODEL, 2, Stage.ARCHIVED, Stage.PRODUCTION)),       // 30
                events.next(new VersionDeleted(MODEL, 2)));                                                  // 31
    }

    @Test
    void governanceEventsBecomeRowsAndIntervals() {
        PostgresProjector projector = new PostgresProjector(readModel.database());
        assertThat(projector.applyEvents(history()).failed()).isZero();
        assertState();
    }

    @Test
    void applyingTheEventsAgainOrSplitChangesNothing() {
        PostgresProjector projector = new PostgresProjector(readModel.database());
        List<EventEnvelope> events = history();
        projector.applyEvents(events.subList(0, 5));
        projector.applyEvents(events.subList(5, 13));
        projector.applyEvents(events.subList(13, 22));
        projector.applyEvents(events.subList(22, events.size()));
        assertState();
        projector.applyEvents(events); // the duplicate check skips them
        assertState();
        // forget the duplicate check: the rows guard alone
        readModel.dsl().execute("truncate read_model.audit_log");
        projector.applyEvents(events);
        projector.applyEvents(events.subList(3, 20));
        assertGovernanceRows();
    }

    private void assertState() {
        assertGovernanceRows();
        var dsl = readModel.dsl();
        // audit: evaluator events have their own subject and no model
        assertThat(dsl.fetchValue("select count(*) from read_model.audit_log")).isEqualTo(31L);
        Record evaluator = dsl.fetchOne("select subject, model, version from read_model.audit_log where position = 22");
        assertThat(evaluator.get("subject")).isEqualTo("evaluator:ci-eval");
        assertThat(evaluator.get("model")).isNull();
        assertThat(dsl.fetchValue("select after_state::text from read_model.audit_log where position = 19"))
                .isEqualTo("{\"owner_team\": \"ops\"}");
        assertThat(dsl.fetchValue("select version from read_model.audit_log where position = 8")).isEqualTo(1);
    }

    private void assertGovernanceRows() {
        var dsl = readModel.dsl();
        // policies: version 1 from 4 until 11, version 2 open
        assertThat(dsl.fetch("select policy_version, set_by, from_position, to_position, required_approvals, "
                        + "approvers::text, thresholds::text, no_regression::text, require_evaluation_report "
                        + "from read_model.promotion_policy_history order by from_position")
                .map(r -> List.of(r.get(0), r.get(1), r.get(2), String.valueOf(r.get(3)), r.get(4), r.get(5),
                        r.get(6), r.get(7), r.get(8))))
                .containsExactly(
                        List.of(1, "admin", 4L, "11", 1, "[\"ann\", \"bob\"]",
                                "[{\"max\": null, \"min\": 0.8, \"metric\": \"accuracy\"}]",
                                "[{\"metric\": \"auc\", \"tolerance\": 0.01, \"higher_is_better\": true}]", true),
                        List.of(2, "admin", 11L, "null", 0, "[]", "[]", "[]", false));
        // evidence of version 1
        assertThat(dsl.fetchValue("select metrics::text from read_model.evaluation_report "
                + "where model = ? and version = 1 and report_id = 'r1'", MODEL)).isEqualTo("{\"accuracy\": 0.91}");
        assertThat(dsl.fetchValue("select expires_at from read_model.evaluation_report", OffsetDateTime.class))
                .isEqualTo(at(1000));
        assertThat(dsl.fetchValue("select evaluation_report_id from read_model.promotion_request where request_id = 'q1'"))
                .isEqualTo("r1");
        // the even positions carry a reason (TestEvents)
        assertThat(dsl.fetchValue("select reason from read_model.promotion_request")).isEqualTo("because 6");
        assertThat(dsl.fetchValue("select failed_checks::text from read_model.promotion_refusal where position = 7"))
                .isEqualTo("[{\"check\": \"approvals_missing\", \"detail\": \"0 of 1 approvals\"}]");
        assertThat(dsl.fetchValue("select approver from read_model.promotion_approval where position = 8"))
                .isEqualTo("bob");
        assertThat(dsl.fetch("select version, policy_version, approvers::text, canary_percent, incumbent "
                        + "from read_model.version_promotion order by position")
                .map(r -> java.util.Arrays.asList(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4))))
                .containsExactly(java.util.Arrays.asList(1, 1, "[\"bob\"]", null, null),
                        java.util.Arrays.asList(2, 2, "[]", 10, 1),
                        java.util.Arrays.asList(3, 2, "[]", 25, 1),
                        java.util.Arrays.asList(2, 2, "[]", 50, 1));
        // canaries: finalized (12-14), aborted (25-27), and ended by its version's deletion (29-31)
        assertThat(dsl.fetch("select version, incumbent, percent, from_position, to_position "
                        + "from read_model.canary_history order by from_position")
                .map(r -> List.of(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4))))
                .containsExactly(List.of(2, 1, 10, 12L, 14L), List.of(3, 1, 25, 25L, 27L), List.of(2, 1, 50, 29L, 31L));
        assertThat(dsl.fetchValue("select to_version from read_model.production_rollback where from_version = 2"))
                .isEqualTo(1);
        // during the canary two versions are in Production (the GiST-indexed Production intervals hold both)
        assertThat(dsl.fetch("select version from read_model.stage_history where stage = 'Production' "
                        + "and tstzrange(valid_from, valid_to, '[)') @> ?::timestamptz order by version", at(13))
                .map(r -> r.get(0))).containsExactly(1, 2);
        assertThat(dsl.fetch("select version from read_model.model_version where model = ? and stage = 'Production' "
                + "and deleted_at is null", MODEL).map(r -> r.get(0))).containsExactly(1);
        // owner team and deprecation: now (cleared by version 3) and as of 21
        Record model = dsl.fetchOne("select owner_team, deprecation_warned_at, deprecation_expires_at, expired_at "
                + "from read_model.model where name = ?", MODEL);
        assertThat(model.get("owner_team")).isEqualTo("ops");
        assertThat(model.get("deprecation_warned_at")).isNull();
        assertThat(model.get("expired_at")).isNull();
        Record then = dsl.fetchOne("select owner_team, deprecation_warned_at, deprecation_expires_at, expired_at "
                + "from read_model.model_history where model = ? and from_position = 21", MODEL);
        assertThat(then.get("owner_team")).isEqualTo("ops");
        assertThat(then.get("deprecation_warned_at", OffsetDateTime.class)).isEqualTo(at(20));
        assertThat(then.get("deprecation_expires_at", OffsetDateTime.class)).isEqualTo(at(24));
        assertThat(then.get("expired_at", OffsetDateTime.class)).isEqualTo(at(21));
        assertThat(dsl.fetchValue("select owner_team from read_model.model_history where model = ? and from_position = 18",
                MODEL)).isEqualTo("fraud");
        // evaluators
        Record ev = dsl.fetchOne("select public_key, registered_by, revoked_at, revoked_by, revoked_reason "
                + "from read_model.evaluator where name = 'ci-eval'");
        assertThat(ev.get("public_key")).isEqualTo("MCowBQYDK2VwAyEA");
        assertThat(ev.get("revoked_at", OffsetDateTime.class)).isEqualTo(at(23));
        assertThat(ev.get("revoked_reason")).isEqualTo("key leaked");
        assertThat(dsl.fetchValue("select count(*) from read_model.projection_failure")).isEqualTo(0L);
    }
}
