package dev.modelregistry.command.publication;

import dev.modelregistry.command.gateway.EventMetaData;
import dev.modelregistry.events.CloudEventHeaders;
import dev.modelregistry.events.EventCodec;
import dev.modelregistry.events.EventTypes;
import dev.modelregistry.events.RegistryEvent;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.axonframework.eventhandling.EventMessage;

/**
 * Turns a stored event into a Kafka record in the CloudEvents 1.0 Kafka binding, binary mode
 * (docs/architecture.md): key = the event's subject (model name, or {@code sha256:<hex>} for an
 * artifact), value = the event as the codec's JSON, headers
 * {@code ce_specversion, ce_id, ce_type, ce_source, ce_subject, ce_time, content-type, ce_dataschema}
 * and the extensions {@code ce_schemaversion, ce_position, ce_actor, ce_correlationid, ce_reason} (the
 * last only when a reason was given). Header values are UTF-8 strings. The record timestamp is the
 * event time. A pure function.
 */
public final class CloudEventRecords {

    private CloudEventRecords() {
    }

    public static ProducerRecord<String, byte[]> toRecord(String topic, String source, EventMessage<?> message,
                                                          long position) {
        if (!(message.getPayload() instanceof RegistryEvent event)) {
            throw new IllegalArgumentException("not a registry event: " + message.getPayloadType().getName());
        }
        EventTypes.Registration type = EventTypes.of(event.getClass());
        RecordHeaders headers = new RecordHeaders();
        add(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        add(headers, CloudEventHeaders.ID, message.getIdentifier());
        add(headers, CloudEventHeaders.TYPE, type.name());
        add(headers, CloudEventHeaders.SOURCE, source);
        add(headers, CloudEventHeaders.SUBJECT, event.subject());
        add(headers, CloudEventHeaders.TIME, DateTimeFormatter.ISO_INSTANT.format(message.getTimestamp()));
        add(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        add(headers, CloudEventHeaders.DATA_SCHEMA, CloudEventHeaders.dataSchema(type.name(), type.version()));
        add(headers, CloudEventHeaders.SCHEMA_VERSION, Integer.toString(type.version()));
        add(headers, CloudEventHeaders.POSITION, Long.toString(position));
        add(headers, CloudEventHeaders.ACTOR, EventMetaData.text(message.getMetaData(), EventMetaData.ACTOR));
        add(headers, CloudEventHeaders.CORRELATION_ID,
                EventMetaData.text(message.getMetaData(), EventMetaData.CORRELATION_ID));
        add(headers, CloudEventHeaders.REASON, EventMetaData.text(message.getMetaData(), EventMetaData.REASON));
        return new ProducerRecord<>(topic, null, message.getTimestamp().toEpochMilli(), event.subject(),
                EventCodec.encode(event), headers);
    }

    private static void add(RecordHeaders headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
