package dev.modelregistry.command.gateway;

import java.util.HashMap;
import java.util.Map;
import org.axonframework.messaging.MetaData;

/**
 * The meta data every event carries (docs/architecture.md): who, under which correlation id, and why.
 * It travels with the command and is copied onto each event the command produces by Axon's
 * correlation data mechanism. The time is the event message's own timestamp.
 */
public record EventMetaData(String actor, String correlationId, String reason) {

    public static final String ACTOR = "actor";
    public static final String CORRELATION_ID = "correlation_id";
    public static final String REASON = "reason";

    public EventMetaData {
        if (actor == null || actor.isBlank()) {
            throw new IllegalArgumentException("every event needs an actor");
        }
        if (correlationId == null || correlationId.isBlank()) {
            throw new IllegalArgumentException("every event needs a correlation id");
        }
        if (reason != null && reason.isBlank()) {
            reason = null;
        }
    }

    public MetaData toMetaData() {
        Map<String, Object> values = new HashMap<>();
        values.put(ACTOR, actor);
        values.put(CORRELATION_ID, correlationId);
        if (reason != null) {
            values.put(REASON, reason);
        }
        return MetaData.from(values);
    }

    /** Reads a meta data value as text, or null. */
    public static String text(MetaData metaData, String key) {
        Object value = metaData.get(key);
        return value == null ? null : value.toString();
    }
}
