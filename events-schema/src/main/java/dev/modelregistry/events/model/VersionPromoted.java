package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;
import java.util.List;

/**
 * The evidence of a promotion that passed every check of policy {@code policyVersion}: the report and
 * the approvers. It is followed by the {@link VersionStageTransitioned} to Production (and, without a
 * canary, by the incumbent's move to Archived before it). With {@code canaryPercent}, the version
 * serves that share of traffic beside {@code incumbent} until {@link CanaryFinalized} or
 * {@link CanaryAborted}.
 */
@EventType(name = "dev.modelregistry.version.promoted", version = 1)
public record VersionPromoted(String model, int version, String requestId, int policyVersion,
                              String evaluationReportId, List<String> approvers, Integer canaryPercent,
                              Integer incumbent) implements ModelEvent {

    public VersionPromoted {
        approvers = List.copyOf(approvers);
    }
}
