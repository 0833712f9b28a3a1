package dev.modelregistry.command.model;

import java.time.Instant;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Attaches a report whose signature the sender has verified (the aggregate does no cryptography and
 * reads no key). The aggregate checks what only it knows: the version exists and is live, the report's
 * artifact digest is the version's own, and the report id is new for the model. {@code report} and
 * {@code signature} are the exact bytes received: they are not part of the event; the command side keeps
 * them in its report table, written in this command's unit of work.
 */
public record AttachEvaluationReport(@TargetAggregateIdentifier String model, int version, String reportId,
                                     String evaluator, String artifactSha256, String datasetSha256,
                                     Map<String, Double> metrics, Instant issuedAt, Instant expiresAt,
                                     byte[] report, byte[] signature) implements ModelCommand {

    public AttachEvaluationReport {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
