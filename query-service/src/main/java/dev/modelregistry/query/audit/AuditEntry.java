package dev.modelregistry.query.audit;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One event of the audit log. {@code subject} is what the event is about: the model name, or
 * {@code sha256:<digest>} for an artifact event (whose {@code model} and {@code version} are null).
 * {@code payload} is the event as published (snake_case JSON); {@code before} and {@code after} are
 * the state the event changed, where it applies.
 */
record AuditEntry(long position, UUID eventId, String type, int schemaVersion, String subject, String model,
                  Integer version,
                  String actor, String correlationId, String reason, Instant occurredAt, JsonNode payload,
                  JsonNode before, JsonNode after) {
}
