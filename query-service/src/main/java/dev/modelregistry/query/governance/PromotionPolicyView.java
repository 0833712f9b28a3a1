package dev.modelregistry.query.governance;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A model's promotion policy in force (now or as of a time): {@code thresholds} [{metric, min, max}],
 * {@code no_regression} [{metric, tolerance, higher_is_better}], since when and set by whom.
 */
public record PromotionPolicyView(int policyVersion, JsonNode thresholds, JsonNode noRegression,
                                  boolean requireEvaluationReport, int requiredApprovals, List<String> approvers,
                                  Instant since, String setBy) {
}
