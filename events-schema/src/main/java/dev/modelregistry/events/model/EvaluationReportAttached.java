package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;
import java.time.Instant;
import java.util.Map;

/**
 * A signed evaluation report was verified and attached to the version: the evaluator's Ed25519
 * signature over the report's exact bytes held, and the report names this version's artifact digest.
 * The signature and the report bytes are kept by the command side; the event carries what the report
 * says.
 */
@EventType(name = "dev.modelregistry.version.evaluation-report-attached", version = 1)
public record EvaluationReportAttached(String model, int version, String reportId, String evaluator,
                                       String artifactSha256, String datasetSha256, Map<String, Double> metrics,
                                       Instant issuedAt, Instant expiresAt) implements ModelEvent {

    public EvaluationReportAttached {
        metrics = Maps.sortedCopy(metrics);
    }
}
