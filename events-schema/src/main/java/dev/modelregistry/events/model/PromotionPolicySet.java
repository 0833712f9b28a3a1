package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;
import java.util.List;

/**
 * The model's promotion policy, as a whole, in its new version ({@code policyVersion} counts from 1).
 * Every promotion to Production is checked against the policy in force: thresholds, no regression
 * against the current Production version, a signed evaluation report naming the version's artifact,
 * and {@code requiredApprovals} approvals by principals of {@code approvers}, never by the version's
 * author.
 */
@EventType(name = "dev.modelregistry.model.promotion-policy-set", version = 1)
public record PromotionPolicySet(String model, int policyVersion, List<MetricThreshold> thresholds,
                                 List<RegressionLimit> noRegression, boolean requireEvaluationReport,
                                 int requiredApprovals, List<String> approvers) implements ModelEvent {

    public PromotionPolicySet {
        thresholds = List.copyOf(thresholds);
        noRegression = List.copyOf(noRegression);
        approvers = approvers.stream().sorted().distinct().toList();
    }
}
