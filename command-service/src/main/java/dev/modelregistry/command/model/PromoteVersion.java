package dev.modelregistry.command.model;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The one-call promotion: every gate is checked against {@code gates} (what the sender observed outside
 * the aggregate) and the version goes to Production (beside the incumbent with {@code canaryPercent}),
 * or a {@code PromotionRefused} is recorded. The version's latest open request supplies approvals and,
 * when not given here, the canary share and the cited report. {@code approver}, when set, is the caller
 * and counts as an approval.
 */
public record PromoteVersion(@TargetAggregateIdentifier String model, int version, String approver,
                             Integer canaryPercent, String evaluationReportId, GateContext gates)
        implements ModelCommand {
}
