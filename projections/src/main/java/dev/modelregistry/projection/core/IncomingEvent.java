package dev.modelregistry.projection.core;

import dev.modelregistry.events.CloudEventHeaders;
import dev.modelregistry.events.EventCodec;
import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.events.MalformedEventException;
import dev.modelregistry.events.RegistryEvent;
import dev.modelregistry.events.UnknownEventTypeException;
import dev.modelregistry.events.UnsupportedEventVersionException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * One record of {@code registry.events} as a projector sees it: the decoded envelope and event, or
 * the reason it cannot be applied (then {@link #error()} is set and the record is parked in
 * {@code projection_failure} by the projector).
 */
public final class IncomingEvent {

    private final ConsumerRecord<String, byte[]> record;
    private final EventEnvelope envelope;
    private final UUID eventId;
    private final String error;
    private final boolean fromKafka;

    private IncomingEvent(ConsumerRecord<String, byte[]> record, EventEnvelope envelope, UUID eventId, String error) {
        this(record, envelope, eventId, error, true);
    }

    private IncomingEvent(ConsumerRecord<String, byte[]> record, EventEnvelope envelope, UUID eventId, String error,
                          boolean fromKafka) {
        this.record = record;
        this.envelope = envelope;
        this.eventId = eventId;
        this.error = error;
        this.fromKafka = fromKafka;
    }

    /** Decodes a record; never throws for bad input: an undecodable record carries its {@link #error()}. */
    public static IncomingEvent decode(ConsumerRecord<String, byte[]> record) {
        return decode(record, EventCodec::decode);
    }

    /** {@link #decode(ConsumerRecord)} with another decoder of the body that gives what the codec gives. */
    public static IncomingEvent decode(ConsumerRecord<String, byte[]> record, EventEnvelope.PayloadDecoder payloads) {
        Objects.requireNonNull(record, "record");
        try {
            EventEnvelope envelope = EventEnvelope.decode(name -> {
                Header header = record.headers().lastHeader(name);
                return header == null ? null : header.value();
            }, record.value(), payloads);
            if (!(envelope.payload() instanceof RegistryEvent)) {
                return new IncomingEvent(record, null, null,
                        "event type " + envelope.typeName() + " is not handled by the projections");
            }
            UUID eventId;
            try {
                eventId = UUID.fromString(envelope.eventId());
            } catch (IllegalArgumentException e) {
                return new IncomingEvent(record, null, null,
                        "header " + CloudEventHeaders.ID + " is not a UUID: " + envelope.eventId());
            }
            return new IncomingEvent(record, envelope, eventId, null);
        } catch (UnknownEventTypeException | UnsupportedEventVersionException | MalformedEventException e) {
            return new IncomingEvent(record, null, null, e.getMessage());
        } catch (RuntimeException e) {
            // anything else a hostile record can provoke in decoding (it is never the database)
            return new IncomingEvent(record, null, null, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Whether a record declares one of {@code typeNames} in its {@code ce_type} header, read without
     * decoding anything else: lets a reader that needs some types only skip the others before the
     * costly decoding. The header's bytes are compared with the names' UTF-8 bytes, so a skipped
     * record costs no allocation. The type is only what the header says; {@link #decode} still checks it.
     */
    public static Predicate<Headers> typeIn(Set<String> typeNames) {
        byte[][] names = typeNames.stream().map(name -> name.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        return headers -> {
            Header header = headers.lastHeader(CloudEventHeaders.TYPE);
            byte[] type = header == null ? null : header.value();
            if (type == null) {
                return false;
            }
            for (byte[] name : names) {
                if (Arrays.equals(name, type)) {
                    return true;
                }
            }
            return false;
        };
    }

    /** {@link #decode} of each record, in order. */
    public static List<IncomingEvent> decodeAll(List<ConsumerRecord<String, byte[]>> records) {
        return decodeAll(records, EventCodec::decode);
    }

    /** {@link #decode(ConsumerRecord, EventEnvelope.PayloadDecoder)} of each record, in order. */
    public static List<IncomingEvent> decodeAll(List<ConsumerRecord<String, byte[]>> records,
                                                EventEnvelope.PayloadDecoder payloads) {
        List<IncomingEvent> events = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            events.add(decode(record, payloads));
        }
        return events;
    }

    /**
     * An already decoded envelope (tests and tools that have no Kafka record): {@link #fromKafka()} is
     * false, and {@code partition} and {@code offset} are only labels.
     */
    public static IncomingEvent of(EventEnvelope envelope, int partition, long offset) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("(direct)", partition, offset,
                envelope.subject(), envelope.body());
        envelope.kafkaHeaders().forEach((name, value) -> record.headers().add(name, value));
        return new IncomingEvent(record, envelope, UUID.fromString(envelope.eventId()), null, false);
    }

    /**
     * Whether {@link #partition()} and {@link #offset()} are a real Kafka position (recorded in
     * {@code audit_log} for read-your-writes of the search projector).
     */
    public boolean fromKafka() {
        return fromKafka;
    }

    public boolean isApplicable() {
        return error == null;
    }

    public ConsumerRecord<String, byte[]> record() {
        return record;
    }

    public int partition() {
        return record.partition();
    }

    public long offset() {
        return record.offset();
    }

    /** Null when {@link #isApplicable()} is false. */
    public EventEnvelope envelope() {
        return envelope;
    }

    /**
     * A {@code ModelEvent} or an {@code ArtifactEvent}: projectors switch over each family
     * exhaustively. Null when {@link #isApplicable()} is false.
     */
    public RegistryEvent event() {
        return envelope == null ? null : (RegistryEvent) envelope.payload();
    }

    /** Null when {@link #isApplicable()} is false. */
    public UUID eventId() {
        return eventId;
    }

    public String error() {
        return error;
    }

    /**
     * The global position: from the envelope, or read leniently from {@code ce_position} of an
     * undecodable record (so that read-your-writes does not wait forever for a parked event); 0 when
     * unknown.
     */
    public long position() {
        if (envelope != null) {
            return envelope.position();
        }
        String text = header(CloudEventHeaders.POSITION);
        try {
            return text == null ? 0 : Math.max(0, Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The record as a row of {@code projection_failure}. */
    public ProjectionFailure failure(String projector, String reason) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(text(header.key()), header.value() == null ? null : text(new String(header.value(), StandardCharsets.UTF_8)));
        }
        Integer schemaVersion = null;
        try {
            String text = header(CloudEventHeaders.SCHEMA_VERSION);
            schemaVersion = text == null ? null : Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            // left null: the header is part of what is wrong
        }
        long position = position();
        return new ProjectionFailure(projector, record.partition(), record.offset(),
                text(envelope != null ? envelope.eventId() : header(CloudEventHeaders.ID)),
                text(envelope != null ? envelope.typeName() : header(CloudEventHeaders.TYPE)),
                envelope != null ? Integer.valueOf(envelope.schemaVersion()) : schemaVersion,
                position > 0 ? position : null,
                text(envelope != null ? envelope.subject() : header(CloudEventHeaders.SUBJECT)),
                text(reason == null ? "unknown" : reason), headers, record.value());
    }

    /** PostgreSQL text and jsonb cannot hold NUL: the failure row must always be writable. */
    private static String text(String value) {
        return value == null ? null : value.replace('\u0000', '\uFFFD');
    }

    private String header(String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        return envelope != null
                ? where + " " + envelope.typeName() + " " + envelope.subject() + " position " + envelope.position()
                : where + " (not applicable: " + error + ")";
    }
}
