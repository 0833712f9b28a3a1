package dev.modelregistry.query.governance;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** The JSON shapes of the governance reads (snake_case on the wire). */
final class GovernanceViews {

    private GovernanceViews() {
    }

    /** Everything recorded about the promotion of one version, oldest first in each list. */
    record Promotions(String model, int version, String id, List<EvaluationReport> evaluationReports,
                      List<Request> requests, List<Approval> approvals, List<Refusal> refusals,
                      List<Promotion> promotions, List<Rollback> rollbacks) {
    }

    /** What a verified evaluation report says (the signature was checked when it was attached). */
    record EvaluationReport(String reportId, String evaluator, String artifactSha256, String datasetSha256,
                            Map<String, Double> metrics, Instant issuedAt, Instant expiresAt, Instant attachedAt,
                            String attachedBy) {
    }

    record Request(String requestId, Integer canaryPercent, String evaluationReportId, String reason,
                   Instant requestedAt, String requestedBy) {
    }

    record Approval(String requestId, String approver, String reason, Instant approvedAt) {
    }

    /** {@code failed_checks}: [{check, detail}], every check that failed (docs/api.md lists the codes). */
    record Refusal(String requestId, JsonNode failedChecks, String reason, Instant refusedAt, String refusedBy) {
    }

    /** The evidence of a promotion that passed: the policy version, the report and the approvers. */
    record Promotion(String requestId, int policyVersion, String evaluationReportId, List<String> approvers,
                     Integer canaryPercent, Integer incumbent, String reason, Instant promotedAt,
                     String promotedBy) {
    }

    /** A rollback this version took part in: it left Production ({@code from_version}) or returned. */
    record Rollback(int fromVersion, int toVersion, String reason, Instant rolledBackAt, String rolledBackBy) {
    }

    /** An evaluator whose signed reports the registry accepts (until revoked); a public key is not a secret. */
    record Evaluator(String evaluator, String publicKey, String description, Instant registeredAt,
                     String registeredBy, boolean revoked,
                     @JsonInclude(JsonInclude.Include.NON_NULL) Instant revokedAt,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String revokedBy,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String revokedReason) {
    }
}
