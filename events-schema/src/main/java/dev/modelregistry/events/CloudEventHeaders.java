package dev.modelregistry.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Kafka header names of the CloudEvents 1.0 binary binding and our extensions (docs/architecture.md). */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String DATA_SCHEMA = "ce_dataschema";
    public static final String CONTENT_TYPE = "content-type";
    public static final String SCHEMA_VERSION = "ce_schemaversion";
    public static final String POSITION = "ce_position";
    public static final String ACTOR = "ce_actor";
    public static final String CORRELATION_ID = "ce_correlationid";
    public static final String REASON = "ce_reason";

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String JSON = "application/json";

    /** The default of {@code registry.events.source}. */
    public static final String DEFAULT_SOURCE = "/model-registry";

    private CloudEventHeaders() {
    }

    public static String dataSchema(String typeName, int version) {
        return "urn:dev.modelregistry:schema:" + typeName + ":" + version;
    }

    /**
     * The {@code ce_subject} (and Kafka key) of an event: the identifier of the aggregate it belongs
     * to ({@link RegistryEvent#subject()}): the full model name for a model event,
     * {@code sha256:<digest>} for an artifact event.
     */
    public static String subject(Object event) {
        Objects.requireNonNull(event, "event");
        if (!(event instanceof RegistryEvent registryEvent)) {
            throw new IllegalArgumentException(event.getClass().getName() + " is not a published event");
        }
        return registryEvent.subject();
    }

    /**
     * The Kafka headers (name to UTF-8 bytes, in a fixed order) of {@code event} as this code base
     * publishes it: type and schema version are those of the event's record, the subject is
     * {@link #subject(Object)}, {@code ce_reason} is left out when {@code reason} is null or blank.
     * The body to send with them is {@link EventCodec#encode(Object)}.
     *
     * @param eventId the event identifier consumers deduplicate by (Axon's event identifier)
     * @param position the global position of the event in the event store
     * @param time when the event happened (the event message's timestamp)
     * @param source {@code registry.events.source}, {@link #DEFAULT_SOURCE} unless configured
     */
    public static Map<String, byte[]> forEvent(Object event, String eventId, long position, Instant time,
                                               String actor, String correlationId, String reason, String source) {
        EventTypes.Registration type = EventTypes.of(Objects.requireNonNull(event, "event").getClass());
        requireText(eventId, "eventId");
        requireText(actor, "actor");
        requireText(correlationId, "correlationId");
        requireText(source, "source");
        Objects.requireNonNull(time, "time");
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative: " + position);
        }
        Map<String, byte[]> headers = new LinkedHashMap<>();
        put(headers, SPEC_VERSION, SPEC_VERSION_VALUE);
        put(headers, ID, eventId);
        put(headers, TYPE, type.name());
        put(headers, SOURCE, source);
        put(headers, SUBJECT, subject(event));
        put(headers, TIME, time.toString()); // ISO_INSTANT: UTC with "Z", a valid RFC 3339 date-time
        put(headers, CONTENT_TYPE, JSON);
        put(headers, DATA_SCHEMA, dataSchema(type.name(), type.version()));
        put(headers, SCHEMA_VERSION, Integer.toString(type.version()));
        put(headers, POSITION, Long.toString(position));
        put(headers, ACTOR, actor);
        put(headers, CORRELATION_ID, correlationId);
        if (reason != null && !reason.isBlank()) {
            put(headers, REASON, reason);
        }
        return Collections.unmodifiableMap(headers);
    }

    private static void put(Map<String, byte[]> headers, String name, String value) {
        headers.put(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
