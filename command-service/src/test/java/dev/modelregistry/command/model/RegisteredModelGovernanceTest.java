package dev.modelregistry.command.model;

import static dev.modelregistry.command.model.RegisteredModelTest.MODEL;
import static dev.modelregistry.command.model.RegisteredModelTest.SHA;
import static dev.modelregistry.command.model.RegisteredModelTest.moved;
import static dev.modelregistry.command.model.RegisteredModelTest.registered;
import static dev.modelregistry.command.model.RegisteredModelTest.versionRegistered;

import dev.modelregistry.command.model.CommandOutcomes.PromotionBlocked;
import dev.modelregistry.events.model.CanaryAborted;
import dev.modelregistry.events.model.CanaryFinalized;
import dev.modelregistry.events.model.EvaluationReportAttached;
import dev.modelregistry.events.model.FailedCheck;
import dev.modelregistry.events.model.MetricThreshold;
import dev.modelregistry.events.model.ModelDeprecationWarned;
import dev.modelregistry.events.model.ModelExpired;
import dev.modelregistry.events.model.ModelOwnerReassigned;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Given/when/then for the governance rules of {@link RegisteredModel}: policies, reports, requests and
 * approvals, the gates on every move to Production, canaries, rollback, owners and deprecation.
 */
class RegisteredModelGovernanceTest {

    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    static final GateContext STAFFED = new GateContext(NOW, true, Set.of());
    static final GateContext ORPHANED = new GateContext(NOW, false, Set.of());
    static final String AUTHOR = "alice";
    static final String DATASET = "d".repeat(64);

    private FixtureConfiguration<RegisteredModel> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(RegisteredModel.class);
    }

    /** Version {@code v} registered by {@link #AUTHOR} (the actor of its registration is its author). */
    static Object version(int v) {
        return GenericEventMessage.asEventMessage(versionRegistered(v)).andMetaData(Map.of("actor", AUTHOR));
    }

    static PromotionPolicySet policy(int policyVersion, int approvals, boolean requireReport) {
        return new PromotionPolicySet(MODEL, policyVersion, List.of(new MetricThreshold("auc", 0.85, null)),
                List.of(new RegressionLimit("auc", 0.02, true)), requireReport, approvals, List.of("bob", "carol"));
    }

    static EvaluationReportAttached report(String id, int version, double auc, Instant expiresAt) {
        return new EvaluationReportAttached(MODEL, version, id, "ci", SHA, DATASET, Map.of("auc", auc),
                NOW.minusSeconds(3600), expiresAt);
    }

    /** Model, versions 1..n by alice, each in Staging. */
    static List<Object> staged(int n) {
        List<Object> events = new ArrayList<>();
        events.add(registered());
        for (int v = 1; v <= n; v++) {
            events.add(version(v));
        }
        for (int v = 1; v <= n; v++) {
            events.add(moved(v, Stage.NONE, Stage.STAGING));
        }
        return events;
    }

    static List<Object> with(List<Object> events, Object... more) {
        List<Object> all = new ArrayList<>(events);
        all.addAll(List.of(more));
        return all;
    }

    @Nested
    class Policies {

        @Test
        void a_policy_is_versioned_from_1() {
            fixture.given(registered())
                    .when(new SetPromotionPolicy(MODEL, policy(1, 1, true).thresholds(), policy(1, 1, true).noRegression(),
                            true, 1, List.of("carol", "bob")))
                    .expectEvents(policy(1, 1, true));
        }

        @Test
        void a_changed_policy_is_the_next_version_and_an_identical_one_records_nothing() {
            fixture.given(registered(), policy(1, 1, true))
                    .when(new SetPromotionPolicy(MODEL, List.of(), List.of(), false, 0, List.of()))
                    .expectEvents(new PromotionPolicySet(MODEL, 2, List.of(), List.of(), false, 0, List.of()));
            fixture.given(registered(), policy(1, 1, true))
                    .when(new SetPromotionPolicy(MODEL, policy(1, 1, true).thresholds(),
                            policy(1, 1, true).noRegression(), true, 1, List.of("bob", "carol")))
                    .expectNoEvents();
        }
    }

    @Nested
    class Reports {

        @Test
        void a_report_naming_the_versions_artifact_is_attached() {
            fixture.given(registered(), version(1))
                    .when(new AttachEvaluationReport(MODEL, 1, "r-1", "ci", SHA, DATASET, Map.of("auc", 0.9),
                            NOW.minusSeconds(3600), NOW.plusSeconds(3600), new byte[] {1}, new byte[] {2}))
                    .expectEvents(report("r-1", 1, 0.9, NOW.plusSeconds(3600)));
        }

        @Test
        void a_report_naming_another_artifact_is_refused() {
            fixture.given(registered(), version(1))
                    .when(new AttachEvaluationReport(MODEL, 1, "r-1", "ci", "f".repeat(64), DATASET, Map.of(),
                            NOW, NOW.plusSeconds(3600), new byte[] {1}, new byte[] {2}))
                    .expectException(RegistryError.ArtifactMismatch.class).expectNoEvents();
        }

        @Test
        void a_report_id_is_used_once_per_model() {
            fixture.given(registered(), version(1), version(2), report("r-1", 1, 0.9, NOW.plusSeconds(60)))
                    .when(new AttachEvaluationReport(MODEL, 2, "r-1", "ci", SHA, DATASET, Map.of(), NOW,
                            NOW.plusSeconds(60), new byte[] {1}, new byte[] {2}))
                    .expectException(RegistryError.EvaluationReportExists.class);
        }
    }

    @Nested
    class Approvals {

        @Test
        void a_listed_approver_approves_the_latest_open_request() {
            fixture.given(with(staged(1), policy(1, 1, false), new PromotionRequested(MODEL, 1, "q-1", null, null)))
                    .when(new ApprovePromotion(MODEL, 1, null, "bob"))
                    .expectEvents(new PromotionApproved(MODEL, 1, "q-1", "bob"));
        }

        @Test
        void the_author_may_not_approve_their_own_version() {
            fixture.given(with(staged(1), new PromotionRequested(MODEL, 1, "q-1", null, null)))
                    .when(new ApprovePromotion(MODEL, 1, "q-1", AUTHOR))
                    .expectException(RegistryError.SelfApproval.class).expectNoEvents();
        }

        @Test
        void an_approver_the_policy_does_not_list_is_refused() {
            fixture.given(with(staged(1), policy(1, 1, false), new PromotionRequested(MODEL, 1, "q-1", null, null)))
                    .when(new ApprovePromotion(MODEL, 1, "q-1", "mallory"))
                    .expectException(RegistryError.ApproverNotListed.class).expectNoEvents();
        }

        @Test
        void approving_twice_records_once_and_without_a_request_is_refused() {
            fixture.given(with(staged(1), new PromotionRequested(MODEL, 1, "q-1", null, null),
                            new PromotionApproved(MODEL, 1, "q-1", "bob")))
                    .when(new ApprovePromotion(MODEL, 1, "q-1", "bob"))
                    .expectNoEvents();
            fixture.given(staged(1))
                    .when(new ApprovePromotion(MODEL, 1, null, "bob"))
                    .expectException(RegistryError.PromotionRequestNotFound.class);
        }
    }

    @Nested
    class Gates {

        @Test
        void a_promotion_passing_every_gate_records_its_evidence_then_the_stage_moves() {
            fixture.given(with(staged(1), policy(1, 1, true), report("r-1", 1, 0.9, NOW.plusSeconds(60)),
                            new PromotionRequested(MODEL, 1, "q-1", null, null),
                            new PromotionApproved(MODEL, 1, "q-1", "bob")))
                    .when(new PromoteVersion(MODEL, 1, null, null, null, STAFFED))
                    .expectEvents(new VersionPromoted(MODEL, 1, "q-1", 1, "r-1", List.of("bob"), null, null),
                            moved(1, Stage.STAGING, Stage.PRODUCTION));
        }

        @Test
        void the_one_call_approver_counts_as_an_approval() {
            fixture.given(with(staged(1), policy(1, 1, false)))
                    .when(new PromoteVersion(MODEL, 1, "carol", null, null, STAFFED))
                    .expectEvents(new VersionPromoted(MODEL, 1, null, 1, null, List.of("carol"), null, null),
                            moved(1, Stage.STAGING, Stage.PRODUCTION));
        }

        @Test
        void the_author_as_one_call_approver_is_refused() {
            fixture.given(with(staged(1), policy(1, 1, false)))
                    .when(new PromoteVersion(MODEL, 1, AUTHOR, null, null, STAFFED))
                    .expectException(RegistryError.SelfApproval.class).expectNoEvents();
        }

        @Test
        void every_failed_check_is_listed_in_one_recorded_refusal() {
            fixture.given(with(staged(1), policy(1, 2, true), new ModelExpired(MODEL, NOW)))
                    .when(new PromoteVersion(MODEL, 1, null, null, null, ORPHANED))
                    .expectSuccessfulHandlerExecution()
                    .expectEventsMatching(refusedWithExactly("model_orphaned", "model_expired",
                            "evaluation_report_required", "approvals_missing"))
                    .expectResultMessagePayloadMatching(org.hamcrest.Matchers.instanceOf(PromotionBlocked.class));
        }

        @Test
        void a_metric_below_its_threshold_or_missing_is_refused() {
            fixture.given(with(staged(1), policy(1, 0, true), report("r-1", 1, 0.80, NOW.plusSeconds(60))))
                    .when(new PromoteVersion(MODEL, 1, null, null, null, STAFFED))
                    .expectEventsMatching(refusedWith("metric_below_threshold"));
            fixture.given(with(staged(1), policy(1, 0, false),
                            new EvaluationReportAttached(MODEL, 1, "r-1", "ci", SHA, DATASET, Map.of("f1", 0.9),
                                    NOW.minusSeconds(60), NOW.plusSeconds(60))))
                    .when(new PromoteVersion(MODEL, 1, null, null, null, STAFFED))
                    .expectEventsMatching(refusedWith("metric_missing"));
        }

        @Test
        void a_regression_beyond_the_tolerance_is_refused_and_within_it_passes() {
            List<Object> incumbent = with(staged(2), policy(1, 0, true), report("r-1", 1, 0.95, NOW.plusSeconds(60)),
                    new VersionPromoted(MODEL, 1, null, 1, "r-1", List.of(), null, null),
                    moved(1, Stage.STAGING, Stage.PRODUCTION));
            fixture.given(with(incumbent, report("r-2", 2, 0.92, NOW.plusSeconds(60))))
                    .when(new PromoteVersion(MODEL, 2, null, null, null, STAFFED))
                    .expectEventsMatching(refusedWith("metric_regressed"));
            fixture.given(with(incumbent, report("r-2", 2, 0.94, NOW.plusSeconds(60))))
                    .when(new PromoteVersion(MODEL, 2, null, null, null, STAFFED))
                    .expectEvents(new VersionPromoted(MODEL, 2, null, 1, "r-2", List.of(), null, 1),
                            moved(1, Stage.PRODUCTION, Stage.ARCHIVED), moved(2, Stage.STAGING, Stage.PRODUCTION));
        }

        @Test
        void an_expired_report_a_report_of_another_version_and_an_unknown_report_are_refused() {
            fixture.given(with(staged(1), policy(1, 0, true), report("r-1", 1, 0.9, NOW.minusSeconds(1))))
                    .when(new PromoteVersion(MODEL, 1, null, null, null, STAFFED))
                    .expectEventsMatching(refusedWith("evaluation_report_expired"));
            fixture.given(with(staged(2), policy(1, 0, true), report("r-2", 2, 0.9, NOW.plusSeconds(60))))
                    .when(new PromoteVersion(MODEL, 1, null, null, "r-2", STAFFED))
                    .expectEventsMatching(refusedWith("evaluation_report_mismatch"));
            fixture.given(with(staged(1), policy(1, 0, true)))
                    .when(new PromoteVersion(MODEL, 1, null, null, "nope", STAFFED))
                    .expectEventsMatching(refusedWith("evaluation_report_unknown"));
        }

        @Test
        void a_report_of_a_revoked_evaluator_no_longer_counts() {
            fixture.given(with(staged(1), policy(1, 0, true), report("r-1", 1, 0.9, NOW.plusSeconds(60))))
                    .when(new PromoteVersion(MODEL, 1, null, null, null, new GateContext(NOW, true, Set.of("ci"))))
                    .expectEventsMatching(refusedWith("evaluation_report_unknown"));
        }

        @Test
        void a_transition_to_production_passes_the_same_gates() {
            fixture.given(with(staged(1), policy(1, 1, false)))
                    .when(new TransitionVersionStage(MODEL, 1, Stage.PRODUCTION, false, true, STAFFED))
                    .expectEventsMatching(refusedWith("approvals_missing"));
            fixture.given(staged(1))
                    .when(new TransitionVersionStage(MODEL, 1, Stage.PRODUCTION, false, true, ORPHANED))
                    .expectEventsMatching(refusedWith("model_orphaned"));
        }

        @Test
        void without_a_policy_a_transition_to_production_records_what_it_did_before() {
            fixture.given(staged(1))
                    .when(new TransitionVersionStage(MODEL, 1, Stage.PRODUCTION, false, true, STAFFED))
                    .expectEvents(moved(1, Stage.STAGING, Stage.PRODUCTION));
        }

        @Test
        void a_promotion_closes_the_other_open_requests_so_their_approvals_no_longer_count() {
            fixture.given(with(staged(2), policy(1, 1, false),
                            new PromotionRequested(MODEL, 1, "q-1", null, null), new PromotionApproved(MODEL, 1, "q-1", "bob"),
                            new PromotionRequested(MODEL, 2, "q-2", null, null), new PromotionApproved(MODEL, 2, "q-2", "bob"),
                            new VersionPromoted(MODEL, 1, "q-1", 1, null, List.of("bob"), null, null),
                            moved(1, Stage.STAGING, Stage.PRODUCTION)))
                    .when(new PromoteVersion(MODEL, 2, null, null, null, STAFFED))
                    .expectEventsMatching(refusedWith("approvals_missing"));
        }

        @Test
        void a_version_already_in_production_is_a_conflict_not_a_refusal() {
            fixture.given(with(staged(1), moved(1, Stage.STAGING, Stage.PRODUCTION)))
                    .when(new PromoteVersion(MODEL, 1, null, null, null, STAFFED))
                    .expectException(RegistryError.StageUnchanged.class).expectNoEvents();
        }
    }

    @Nested
    class Canaries {

        List<Object> canaryRunning() {
            return with(staged(2), moved(1, Stage.STAGING, Stage.PRODUCTION),
                    new VersionPromoted(MODEL, 2, null, 0, null, List.of(), 10, 1),
                    moved(2, Stage.STAGING, Stage.PRODUCTION));
        }

        @Test
        void a_canary_runs_beside_the_incumbent() {
            fixture.given(with(staged(2), moved(1, Stage.STAGING, Stage.PRODUCTION)))
                    .when(new PromoteVersion(MODEL, 2, null, 10, null, STAFFED))
                    .expectEvents(new VersionPromoted(MODEL, 2, null, 0, null, List.of(), 10, 1),
                            moved(2, Stage.STAGING, Stage.PRODUCTION));
        }

        @Test
        void finalizing_archives_the_incumbent() {
            fixture.given(canaryRunning())
                    .when(new FinalizeCanary(MODEL, 2))
                    .expectEvents(new CanaryFinalized(MODEL, 2, 1), moved(1, Stage.PRODUCTION, Stage.ARCHIVED));
        }

        @Test
        void aborting_archives_the_canary() {
            fixture.given(canaryRunning())
                    .when(new AbortCanary(MODEL, 2))
                    .expectEvents(new CanaryAborted(MODEL, 2, 1), moved(2, Stage.PRODUCTION, Stage.ARCHIVED));
        }

        @Test
        void while_a_canary_runs_no_other_production_change_is_allowed() {
            fixture.given(canaryRunning()).when(new RollBackProduction(MODEL))
                    .expectException(RegistryError.CanaryRunning.class);
            fixture.given(canaryRunning()).when(new TransitionVersionStage(MODEL, 1, Stage.ARCHIVED, false, true))
                    .expectException(RegistryError.CanaryRunning.class);
            fixture.given(canaryRunning()).when(new FinalizeCanary(MODEL, 1))
                    .expectException(RegistryError.CanaryNotRunning.class);
        }

        @Test
        void a_canary_needs_an_incumbent() {
            fixture.given(staged(1)).when(new PromoteVersion(MODEL, 1, null, 10, null, STAFFED))
                    .expectException(RegistryError.CanaryNeedsIncumbent.class);
        }
    }

    @Nested
    class Rollback {

        @Test
        void the_previous_production_version_returns_and_the_current_one_is_archived() {
            fixture.given(with(staged(2), moved(1, Stage.STAGING, Stage.PRODUCTION),
                            moved(1, Stage.PRODUCTION, Stage.ARCHIVED), moved(2, Stage.STAGING, Stage.PRODUCTION)))
                    .when(new RollBackProduction(MODEL))
                    .expectEvents(new ProductionRolledBack(MODEL, 2, 1), moved(2, Stage.PRODUCTION, Stage.ARCHIVED),
                            moved(1, Stage.ARCHIVED, Stage.PRODUCTION));
        }

        @Test
        void a_second_rollback_walks_further_back() {
            fixture.given(with(staged(3), moved(1, Stage.STAGING, Stage.PRODUCTION),
                            moved(1, Stage.PRODUCTION, Stage.ARCHIVED), moved(2, Stage.STAGING, Stage.PRODUCTION),
                            moved(2, Stage.PRODUCTION, Stage.ARCHIVED), moved(3, Stage.STAGING, Stage.PRODUCTION),
                            new ProductionRolledBack(MODEL, 3, 2), moved(3, Stage.PRODUCTION, Stage.ARCHIVED),
                            moved(2, Stage.ARCHIVED, Stage.PRODUCTION)))
                    .when(new RollBackProduction(MODEL))
                    .expectEvents(new ProductionRolledBack(MODEL, 2, 1), moved(2, Stage.PRODUCTION, Stage.ARCHIVED),
                            moved(1, Stage.ARCHIVED, Stage.PRODUCTION));
        }

        @Test
        void without_a_previous_version_or_when_it_was_deleted_there_is_nothing_to_roll_back_to() {
            fixture.given(with(staged(1), moved(1, Stage.STAGING, Stage.PRODUCTION)))
                    .when(new RollBackProduction(MODEL))
                    .expectException(RegistryError.NoPreviousProduction.class);
            fixture.given(with(staged(2), moved(1, Stage.STAGING, Stage.PRODUCTION),
                            moved(1, Stage.PRODUCTION, Stage.ARCHIVED), moved(2, Stage.STAGING, Stage.PRODUCTION),
                            new VersionDeleted(MODEL, 1)))
                    .when(new RollBackProduction(MODEL))
                    .expectException(RegistryError.NoPreviousProduction.class);
        }
    }

    @Nested
    class OwnersAndDeprecation {

        @Test
        void reassigning_records_the_previous_owner_and_the_same_owner_records_nothing() {
            fixture.given(registered()).when(new ReassignOwner(MODEL, "fraud"))
                    .expectEvents(new ModelOwnerReassigned(MODEL, "fraud", "risk"));
            fixture.given(registered()).when(new ReassignOwner(MODEL, "risk")).expectNoEvents();
        }

        @Test
        void an_orphaned_model_is_promoted_again_after_reassignment() {
            fixture.given(with(staged(1), new ModelOwnerReassigned(MODEL, "fraud", "risk")))
                    .when(new PromoteVersion(MODEL, 1, null, null, null, STAFFED))
                    .expectEvents(new VersionPromoted(MODEL, 1, null, 0, null, List.of(), null, null),
                            moved(1, Stage.STAGING, Stage.PRODUCTION));
        }

        @Test
        void a_warning_is_recorded_once_per_last_version_and_expiry_follows_it() {
            Instant at = NOW.minusSeconds(1000);
            fixture.givenCurrentTime(at);
            fixture.given(registered())
                    .when(new WarnOfDeprecation(MODEL, at, at.plusSeconds(500)))
                    .expectEvents(new ModelDeprecationWarned(MODEL, at, at.plusSeconds(500)));
            fixture.givenCurrentTime(at);
            fixture.given(registered(), new ModelDeprecationWarned(MODEL, at, at.plusSeconds(500)))
                    .when(new WarnOfDeprecation(MODEL, at, at.plusSeconds(500)))
                    .expectNoEvents();
            fixture.givenCurrentTime(at);
            fixture.given(registered(), new ModelDeprecationWarned(MODEL, at, at.plusSeconds(500)))
                    .when(new ExpireModel(MODEL, at))
                    .expectEvents(new ModelExpired(MODEL, at));
        }

        @Test
        void a_step_made_stale_by_a_new_version_records_nothing() {
            Instant at = NOW.minusSeconds(1000);
            fixture.givenCurrentTime(at);
            fixture.given(registered())
                    .andGivenCurrentTime(at.plusSeconds(10))
                    .andGiven(version(1))
                    .when(new WarnOfDeprecation(MODEL, at, at.plusSeconds(500)))
                    .expectNoEvents();
        }

        @Test
        void an_expired_model_is_refused_until_a_new_version_is_registered() {
            fixture.given(with(staged(1), new ModelExpired(MODEL, NOW)))
                    .when(new PromoteVersion(MODEL, 1, null, null, null, STAFFED))
                    .expectEventsMatching(refusedWith("model_expired"));
            fixture.given(with(staged(1), new ModelExpired(MODEL, NOW), version(2),
                            moved(2, Stage.NONE, Stage.STAGING)))
                    .when(new PromoteVersion(MODEL, 2, null, null, null, STAFFED))
                    .expectEvents(new VersionPromoted(MODEL, 2, null, 0, null, List.of(), null, null),
                            moved(2, Stage.STAGING, Stage.PRODUCTION));
        }
    }

    /** Exactly one event, a refusal listing exactly these checks in this order. */
    static org.hamcrest.Matcher<List<org.axonframework.eventhandling.EventMessage<?>>> refusedWithExactly(
            String... checks) {
        return new org.hamcrest.TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(List<org.axonframework.eventhandling.EventMessage<?>> events) {
                return events.size() == 1 && events.getFirst().getPayload() instanceof PromotionRefused refused
                        && refused.failedChecks().stream().map(FailedCheck::check).toList().equals(List.of(checks));
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("one PromotionRefused listing " + List.of(checks));
            }
        };
    }

    /** Exactly one event, a refusal whose checks include {@code check}. */
    static org.hamcrest.Matcher<List<org.axonframework.eventhandling.EventMessage<?>>> refusedWith(String check) {
        return new org.hamcrest.TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(List<org.axonframework.eventhandling.EventMessage<?>> events) {
                return events.size() == 1 && events.getFirst().getPayload() instanceof PromotionRefused refused
                        && refused.failedChecks().stream().anyMatch(c -> c.check().equals(check));
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("one PromotionRefused listing " + check);
            }
        };
    }
}
