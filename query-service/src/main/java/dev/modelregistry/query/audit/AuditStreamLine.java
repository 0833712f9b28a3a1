package dev.modelregistry.query.audit;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.UUID;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One line of {@code GET /api/v1/audit/stream}: an audit row with its links. {@code payload},
 * {@code before} and {@code after} are the stored JSON as is; {@code occurred_at} is written as hashed
 * (UTC, six fractional digits), so a client can recompute every hash from the lines alone.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record AuditStreamLine(long chainSeq, long position, UUID eventId, String type, int schemaVersion, String subject,
                       Long subjectSeq, String model, Integer version, String actor, String correlationId,
                       String reason, String occurredAt, @JsonRawValue String payload, @JsonRawValue String before,
                       @JsonRawValue String after, String prevHash, String hash, String globalPrevHash,
                       String globalHash) {
}
