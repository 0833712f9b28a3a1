package dev.modelregistry.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelregistry.events.model.AliasAssigned;
import dev.modelregistry.events.model.Stage;
import dev.modelregistry.events.model.VersionStageTransitioned;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Map.Entry;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventEnvelopeTest {

    private static final String EVENT_ID = "3f1c2a7e-9b4d-4e2a-8c61-0d5f7a9b1e23";
    private static final Instant TIME = Instant.parse("2026-11-23T05:01:02.345Z");
    private static final VersionStageTransitioned PROMOTION =
            new VersionStageTransitioned("fraud-detector", 3, Stage.STAGING, Stage.PRODUCTION);

    static java.util.List<RegistryEvent> samples() {
        return SampleEvents.full();
    }

    private static Map<String, byte[]> headersOf(Object event, String reason) {
        return CloudEventHeaders.forEvent(event, EVENT_ID, 42, TIME, "alice@example.com", "corr-7", reason,
                CloudEventHeaders.DEFAULT_SOURCE);
    }

    private static Map<String, String> text(Map<String, byte[]> headers) {
        return headers.entrySet().stream().collect(Collectors.toMap(Entry::getKey, e -> new String(e.getValue(), UTF_8)));
    }

    @Test
    void headers_follow_the_cloudevents_kafka_binding_and_our_extensions() {
        Map<String, byte[]> headers = headersOf(PROMOTION, "AUC +2 points, approved in CHG-1234");

        assertThat(text(headers)).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("ce_specversion", "1.0"),
                Map.entry("ce_id", EVENT_ID),
                Map.entry("ce_type", "dev.modelregistry.version.stage-transitioned"),
                Map.entry("ce_source", "/model-registry"),
                Map.entry("ce_subject", "fraud-detector"),
                Map.entry("ce_time", "2026-11-23T05:01:02.345Z"),
                Map.entry("content-type", "application/json"),
                Map.entry("ce_dataschema", "urn:dev.modelregistry:schema:dev.modelregistry.version.stage-transitioned:1"),
                Map.entry("ce_schemaversion", "1"),
                Map.entry("ce_position", "42"),
                Map.entry("ce_actor", "alice@example.com"),
                Map.entry("ce_correlationid", "corr-7"),
                Map.entry("ce_reason", "AUC +2 points, approved in CHG-1234")));
        assertThat(headers.keySet()).startsWith("ce_specversion", "ce_id", "ce_type");
    }

    @Test
    void the_reason_header_is_left_out_when_no_reason_was_given() {
        assertThat(headersOf(PROMOTION, null)).doesNotContainKey(CloudEventHeaders.REASON);
        assertThat(headersOf(PROMOTION, "  ")).doesNotContainKey(CloudEventHeaders.REASON);
    }

    @Test
    void header_values_are_utf_8() {
        Map<String, byte[]> headers = CloudEventHeaders.forEvent(PROMOTION, EVENT_ID, 1, TIME, "zoë", "c", "größer", "/r");

        assertThat(headers.get(CloudEventHeaders.ACTOR)).isEqualTo("zoë".getBytes(UTF_8));
        assertThat(EventEnvelope.decode(headers, EventCodec.encode(PROMOTION)).reason()).isEqualTo("größer");
    }

    @Test
    void headers_refuse_what_a_consumer_could_not_use() {
        assertThatThrownBy(() -> CloudEventHeaders.forEvent(PROMOTION, EVENT_ID, 1, TIME, " ", "c", null, "/r"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("actor");
        assertThatThrownBy(() -> CloudEventHeaders.forEvent(PROMOTION, EVENT_ID, -1, TIME, "a", "c", null, "/r"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position");
        assertThatThrownBy(() -> CloudEventHeaders.forEvent("not an event", EVENT_ID, 1, TIME, "a", "c", null, "/r"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a published event");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void every_event_goes_through_headers_and_body_and_back(RegistryEvent event) {
        EventEnvelope published = EventEnvelope.of(event, EVENT_ID, 42, TIME, "alice", "corr-7", "why", "/registry-eu");

        EventEnvelope consumed = EventEnvelope.decode(published.kafkaHeaders()::get, published.body());

        assertThat(consumed).isEqualTo(published);
        assertThat(consumed.subject()).isEqualTo(event.subject());
        assertThat(consumed.typeName()).isEqualTo(EventTypes.of(event.getClass()).name());
        assertThat(consumed.schemaVersion()).isEqualTo(EventTypes.of(event.getClass()).version());
    }

    @Test
    void decodes_what_a_kafka_consumer_sees() {
        Map<String, byte[]> headers = new HashMap<>(headersOf(PROMOTION, null));
        headers.put(CloudEventHeaders.CONTENT_TYPE, "application/json; charset=utf-8".getBytes(UTF_8));
        headers.put(CloudEventHeaders.TIME, "2026-11-23T06:01:02.345+01:00".getBytes(UTF_8));
        headers.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01".getBytes(UTF_8));

        EventEnvelope envelope = EventEnvelope.decode(headers, EventCodec.encode(PROMOTION));

        assertThat(envelope).isEqualTo(new EventEnvelope(EVENT_ID, "dev.modelregistry.version.stage-transitioned", 1, 42,
                TIME, "/model-registry", "fraud-detector", "alice@example.com", "corr-7", null, PROMOTION));
        assertThat(envelope.payload()).isInstanceOfSatisfying(VersionStageTransitioned.class,
                e -> assertThat(e.to()).isEqualTo(Stage.PRODUCTION));
    }

    @Test
    void a_missing_required_header_is_named() {
        for (String required : new String[] {CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.ID, CloudEventHeaders.TYPE,
                CloudEventHeaders.SOURCE, CloudEventHeaders.SUBJECT, CloudEventHeaders.TIME, CloudEventHeaders.SCHEMA_VERSION,
                CloudEventHeaders.POSITION, CloudEventHeaders.ACTOR, CloudEventHeaders.CORRELATION_ID}) {
            Map<String, byte[]> headers = new HashMap<>(headersOf(PROMOTION, null));
            headers.remove(required);
            assertThatThrownBy(() -> EventEnvelope.decode(headers, EventCodec.encode(PROMOTION)))
                    .as(required)
                    .isInstanceOf(MalformedEventException.class)
                    .hasMessage("required header " + required + " is missing or empty");
            headers.put(required, new byte[0]);
            assertThatThrownBy(() -> EventEnvelope.decode(headers, EventCodec.encode(PROMOTION)))
                    .as(required + " empty")
                    .isInstanceOf(MalformedEventException.class)
                    .hasMessageContaining(required);
        }
    }

    @Test
    void optional_headers_may_be_absent() {
        Map<String, byte[]> headers = new HashMap<>(headersOf(PROMOTION, null));
        headers.remove(CloudEventHeaders.CONTENT_TYPE);
        headers.remove(CloudEventHeaders.DATA_SCHEMA);

        assertThat(EventEnvelope.decode(headers, EventCodec.encode(PROMOTION)).payload()).isEqualTo(PROMOTION);
    }

    @Test
    void a_header_that_is_not_of_its_format_is_named() {
        assertMalformed(CloudEventHeaders.SPEC_VERSION, "0.3", "ce_specversion is 0.3, expected 1.0");
        assertMalformed(CloudEventHeaders.TIME, "yesterday", "ce_time is not an RFC 3339 date-time: yesterday");
        assertMalformed(CloudEventHeaders.TIME, "2026-11-23T05:01:02", "ce_time is not an RFC 3339 date-time");
        assertMalformed(CloudEventHeaders.SCHEMA_VERSION, "one", "ce_schemaversion is not a version number");
        assertMalformed(CloudEventHeaders.SCHEMA_VERSION, "0", "ce_schemaversion is not a version number");
        assertMalformed(CloudEventHeaders.POSITION, "-3", "ce_position is not a position");
        assertMalformed(CloudEventHeaders.POSITION, "4x", "ce_position is not a position");
        assertMalformed(CloudEventHeaders.CONTENT_TYPE, "application/avro", "content-type is application/avro");
        assertMalformed(CloudEventHeaders.SUBJECT, "another-model", "ce_subject another-model contradicts the body's model fraud-detector");
        assertMalformed(CloudEventHeaders.DATA_SCHEMA, CloudEventHeaders.dataSchema("dev.modelregistry.alias.removed", 1),
                "ce_dataschema urn:dev.modelregistry:schema:dev.modelregistry.alias.removed:1 contradicts");
    }

    @Test
    void a_header_that_is_not_utf_8_is_named() {
        Map<String, byte[]> headers = new HashMap<>(headersOf(PROMOTION, null));
        headers.put(CloudEventHeaders.ACTOR, new byte[] {(byte) 0xC3, (byte) 0x28});

        assertThatThrownBy(() -> EventEnvelope.decode(headers, EventCodec.encode(PROMOTION)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("header ce_actor is not UTF-8");
    }

    @Test
    void body_errors_and_unknown_types_keep_their_own_exceptions() {
        Map<String, byte[]> headers = new HashMap<>(headersOf(PROMOTION, null));
        assertThatThrownBy(() -> EventEnvelope.decode(headers, "[]".getBytes(UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> EventEnvelope.decode(headers, null))
                .isInstanceOf(MalformedEventException.class);

        headers.put(CloudEventHeaders.TYPE, "dev.modelregistry.model.renamed".getBytes(UTF_8));
        headers.remove(CloudEventHeaders.DATA_SCHEMA);
        assertThatThrownBy(() -> EventEnvelope.decode(headers, EventCodec.encode(PROMOTION)))
                .isInstanceOf(UnknownEventTypeException.class);

        Map<String, byte[]> newer = new HashMap<>(headersOf(PROMOTION, null));
        newer.put(CloudEventHeaders.SCHEMA_VERSION, "2".getBytes(UTF_8));
        newer.remove(CloudEventHeaders.DATA_SCHEMA);
        assertThatThrownBy(() -> EventEnvelope.decode(newer, EventCodec.encode(PROMOTION)))
                .isInstanceOf(UnsupportedEventVersionException.class);
    }

    @Test
    void an_envelope_is_consistent_with_its_payload() {
        AliasAssigned event = new AliasAssigned("m", "champion", 2, null);

        assertThatThrownBy(() -> new EventEnvelope(EVENT_ID, "dev.modelregistry.alias.removed", 1, 1, TIME, "/r", "m",
                "a", "c", null, event)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is dev.modelregistry.alias.assigned");
        assertThatThrownBy(() -> new EventEnvelope(EVENT_ID, "dev.modelregistry.alias.assigned", 1, 1, TIME, "/r", "other",
                "a", "c", null, event)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
        assertThatThrownBy(() -> new EventEnvelope(EVENT_ID, "dev.modelregistry.alias.assigned", 1, 1, TIME, "/r", "m",
                null, "c", null, event)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("actor");
        assertThat(new EventEnvelope(EVENT_ID, "dev.modelregistry.alias.assigned", 1, 1, TIME, "/r", "m",
                "a", "c", " ", event).reason()).isNull();
    }

    private static void assertMalformed(String header, String value, String message) {
        Map<String, byte[]> headers = new HashMap<>(headersOf(PROMOTION, null));
        headers.put(header, value.getBytes(UTF_8));
        assertThatThrownBy(() -> EventEnvelope.decode(headers::get, EventCodec.encode(PROMOTION)))
                .as("%s = %s", header, value)
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining(message);
    }
}
