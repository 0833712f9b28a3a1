package dev.modelregistry.command.web;

import java.util.List;

/** Bodies of the governance endpoints (JSON, snake_case; unknown fields refused). */
final class GovernanceRequests {

    private GovernanceRequests() {
    }

    record ThresholdRequest(String metric, Double min, Double max) {
    }

    record RegressionRequest(String metric, Double tolerance, Boolean higherIsBetter) {
    }

    record PolicyRequest(List<ThresholdRequest> thresholds, List<RegressionRequest> noRegression,
                         Boolean requireEvaluationReport, Integer requiredApprovals, List<String> approvers,
                         String reason) {
    }

    record EvaluatorRequest(String evaluator, String publicKey, String description, String reason) {
    }

    record ReportRequest(String evaluator, String report, String signature, String reason) {
    }

    record RequestPromotionRequest(Integer canaryPct, String evaluationReportId, String reason) {
    }

    record ApproveRequest(String requestId, String reason) {
    }

    record PromoteRequest(String approver, Integer canaryPct, String evaluationReportId, String reason) {
    }

    record ReassignOwnerRequest(String ownerTeam, String reason) {
    }
}
