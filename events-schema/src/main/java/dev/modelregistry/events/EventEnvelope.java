package dev.modelregistry.events;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One published event as a consumer sees it: the CloudEvents attributes from the Kafka headers and
 * the decoded (and upcast) payload. Built by {@link #decode(Function, byte[])} from a Kafka record
 * without depending on kafka-clients; {@link #kafkaHeaders()} and {@link #body()} go the other way.
 *
 * @param eventId {@code ce_id}; consumers deduplicate by it
 * @param typeName {@code ce_type}, the stable type name
 * @param schemaVersion {@code ce_schemaversion}, the version the event was published at; the
 *        payload has already been upcast to the current version of its record
 * @param position {@code ce_position}, the global position in the event store; orders the events of
 *        one model and is what read-your-writes waits for
 * @param occurredAt {@code ce_time}
 * @param source {@code ce_source}
 * @param subject {@code ce_subject}, the model name (also the Kafka key)
 * @param actor {@code ce_actor}, the authenticated principal who caused the event
 * @param correlationId {@code ce_correlationid}, shared by the events of one request
 * @param reason {@code ce_reason}, the free-text why; null when none was given
 * @param payload the event record, for example a {@link dev.modelregistry.events.model.ModelEvent}
 */
public record EventEnvelope(String eventId, String typeName, int schemaVersion, long position, Instant occurredAt,
                            String source, String subject, String actor, String correlationId, String reason,
                            Object payload) {

    public EventEnvelope {
        requireText(eventId, "eventId");
        requireText(typeName, "typeName");
        requireText(source, "source");
        requireText(subject, "subject");
        requireText(actor, "actor");
        requireText(correlationId, "correlationId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(payload, "payload");
        reason = reason == null || reason.isBlank() ? null : reason;
        if (position < 0) {
            throw new IllegalArgumentException("position must not be negative: " + position);
        }
        EventTypes.Registration registration = EventTypes.of(payload.getClass());
        if (!registration.name().equals(typeName)) {
            throw new IllegalArgumentException("payload " + payload.getClass().getSimpleName() + " is "
                    + registration.name() + ", not " + typeName);
        }
        if (schemaVersion < 1 || schemaVersion > registration.version()) {
            throw new IllegalArgumentException("schema version of " + typeName + " must be 1.." + registration.version()
                    + ": " + schemaVersion);
        }
        if (!CloudEventHeaders.subject(payload).equals(subject)) {
            throw new IllegalArgumentException("subject " + subject + " is not the payload's " + CloudEventHeaders.subject(payload));
        }
    }

    /**
     * The envelope of an event about to be published: type name, current schema version and subject
     * come from the event itself.
     */
    public static EventEnvelope of(Object event, String eventId, long position, Instant occurredAt,
                                   String actor, String correlationId, String reason, String source) {
        EventTypes.Registration registration = EventTypes.of(Objects.requireNonNull(event, "event").getClass());
        return new EventEnvelope(eventId, registration.name(), registration.version(), position, occurredAt,
                source, CloudEventHeaders.subject(event), actor, correlationId, reason, event);
    }

    /** {@link #decode(Function, byte[])} over a map of header name to value. */
    public static EventEnvelope decode(Map<String, byte[]> headers, byte[] body) {
        Objects.requireNonNull(headers, "headers");
        return decode(headers::get, body);
    }

    /**
     * Reads a Kafka record of {@code registry.events}. With kafka-clients:
     * {@code EventEnvelope.decode(name -> { Header h = record.headers().lastHeader(name); return h == null ? null : h.value(); }, record.value())}.
     *
     * @param header the value of a header by name, null when the record has none
     * @throws MalformedEventException when a required header is missing, empty, not UTF-8 or not of
     *         its format, when headers contradict each other or the body, or when the body is not the
     *         JSON object of its type
     * @throws UnknownEventTypeException when {@code ce_type} is not known to this code base
     * @throws UnsupportedEventVersionException when {@code ce_schemaversion} is newer than this code base
     */
    public static EventEnvelope decode(Function<String, byte[]> header, byte[] body) {
        return decode(header, body, EventCodec::decode);
    }

    /** Decodes a body of a type at a schema version, as {@link EventCodec#decode(String, int, byte[])} does. */
    @FunctionalInterface
    public interface PayloadDecoder {
        Object decode(String typeName, int schemaVersion, byte[] body);
    }

    /**
     * {@link #decode(Function, byte[])} with another decoder of the body (a reader's faster one for some
     * types, which must give what {@link EventCodec} gives); the headers are read and checked the same.
     */
    public static EventEnvelope decode(Function<String, byte[]> header, byte[] body, PayloadDecoder payloads) {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(payloads, "payloads");
        String specVersion = required(header, CloudEventHeaders.SPEC_VERSION);
        if (!CloudEventHeaders.SPEC_VERSION_VALUE.equals(specVersion)) {
            throw new MalformedEventException("header " + CloudEventHeaders.SPEC_VERSION + " is " + specVersion
                    + ", expected " + CloudEventHeaders.SPEC_VERSION_VALUE);
        }
        String eventId = required(header, CloudEventHeaders.ID);
        String typeName = required(header, CloudEventHeaders.TYPE);
        String source = required(header, CloudEventHeaders.SOURCE);
        String subject = required(header, CloudEventHeaders.SUBJECT);
        Instant occurredAt = time(required(header, CloudEventHeaders.TIME));
        int schemaVersion = schemaVersion(required(header, CloudEventHeaders.SCHEMA_VERSION));
        long position = position(required(header, CloudEventHeaders.POSITION));
        String actor = required(header, CloudEventHeaders.ACTOR);
        String correlationId = required(header, CloudEventHeaders.CORRELATION_ID);
        String reason = optional(header, CloudEventHeaders.REASON);

        String contentType = optional(header, CloudEventHeaders.CONTENT_TYPE);
        if (contentType != null && !isJson(contentType)) {
            throw new MalformedEventException("header " + CloudEventHeaders.CONTENT_TYPE + " is " + contentType
                    + ", expected " + CloudEventHeaders.JSON);
        }
        String dataSchema = optional(header, CloudEventHeaders.DATA_SCHEMA);
        if (dataSchema != null && !dataSchema.equals(CloudEventHeaders.dataSchema(typeName, schemaVersion))) {
            throw new MalformedEventException("header " + CloudEventHeaders.DATA_SCHEMA + " " + dataSchema
                    + " contradicts " + CloudEventHeaders.TYPE + " " + typeName + " and "
                    + CloudEventHeaders.SCHEMA_VERSION + " " + schemaVersion);
        }

        Object payload = payloads.decode(typeName, schemaVersion, body);
        String payloadSubject = CloudEventHeaders.subject(payload);
        if (!payloadSubject.equals(subject)) {
            throw new MalformedEventException("header " + CloudEventHeaders.SUBJECT + " " + subject
                    + " contradicts the body's model " + payloadSubject);
        }
        return new EventEnvelope(eventId, typeName, schemaVersion, position, occurredAt, source, subject,
                actor, correlationId, reason, payload);
    }

    /**
     * The headers this code base publishes the payload with. The payload is written at the current
     * version of its record, so {@code ce_schemaversion} is that version even when this envelope was
     * read from an older one.
     */
    public Map<String, byte[]> kafkaHeaders() {
        return CloudEventHeaders.forEvent(payload, eventId, position, occurredAt, actor, correlationId, reason, source);
    }

    /** The record value to publish with {@link #kafkaHeaders()}. */
    public byte[] body() {
        return EventCodec.encode(payload);
    }

    private static String required(Function<String, byte[]> header, String name) {
        String value = optional(header, name);
        if (value == null) {
            throw new MalformedEventException("required header " + name + " is missing or empty");
        }
        return value;
    }

    /** The header as text; null when absent or blank, because an empty value gives nothing a consumer could use. */
    private static String optional(Function<String, byte[]> header, String name) {
        byte[] bytes = header.apply(name);
        if (bytes == null) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedEventException("header " + name + " is not UTF-8", e);
        }
        return text.isBlank() ? null : text;
    }

    private static Instant time(String text) {
        try {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(text, OffsetDateTime::from).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("header " + CloudEventHeaders.TIME + " is not an RFC 3339 date-time: " + text, e);
        }
    }

    private static int schemaVersion(String text) {
        try {
            int version = Integer.parseInt(text);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // reported below with the header's name
        }
        throw new MalformedEventException("header " + CloudEventHeaders.SCHEMA_VERSION + " is not a version number (1, 2, ...): " + text);
    }

    private static long position(String text) {
        try {
            long position = Long.parseLong(text);
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException e) {
            // reported below with the header's name
        }
        throw new MalformedEventException("header " + CloudEventHeaders.POSITION + " is not a position (0, 1, ...): " + text);
    }

    private static boolean isJson(String contentType) {
        int parameters = contentType.indexOf(';');
        String mediaType = (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim();
        return mediaType.toLowerCase(Locale.ROOT).equals(CloudEventHeaders.JSON);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
