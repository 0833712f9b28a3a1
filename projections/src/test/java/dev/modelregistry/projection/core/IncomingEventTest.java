package dev.modelregistry.projection.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.events.CloudEventHeaders;
import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.events.artifact.ArtifactStored;
import dev.modelregistry.events.model.ModelDeleted;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class IncomingEventTest {

    private static ConsumerRecord<String, byte[]> record(EventEnvelope envelope) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("registry.events", 1, 42, envelope.subject(), envelope.body());
        envelope.kafkaHeaders().forEach(record.headers()::add);
        return record;
    }

    @Test
    void decodesAPublishedEvent() {
        EventEnvelope envelope = new TestEvents().next(new ModelDeleted("fraud"));
        IncomingEvent event = IncomingEvent.decode(record(envelope));
        assertThat(event.isApplicable()).isTrue();
        assertThat(event.event()).isEqualTo(new ModelDeleted("fraud"));
        assertThat(event.position()).isEqualTo(1);
        assertThat(event.eventId().toString()).isEqualTo(envelope.eventId());
    }

    @Test
    void theTypeIsReadFromTheCeTypeHeaderWithoutDecodingTheBody() {
        ConsumerRecord<String, byte[]> record = record(new TestEvents().next(new ModelDeleted("fraud")));
        String type = IncomingEvent.decode(record).envelope().typeName();
        ConsumerRecord<String, byte[]> garbage = new ConsumerRecord<>("registry.events", 0, 0, "k",
                "not json".getBytes(StandardCharsets.UTF_8));
        record.headers().forEach(header -> garbage.headers().add(header));
        assertThat(IncomingEvent.typeIn(Set.of(type, "dev.modelregistry.other")).test(record.headers())).isTrue();
        assertThat(IncomingEvent.typeIn(Set.of(type)).test(garbage.headers())).isTrue();
        assertThat(IncomingEvent.typeIn(Set.of(type + "x", type.substring(1))).test(record.headers())).isFalse();
        assertThat(IncomingEvent.typeIn(Set.of()).test(record.headers())).isFalse();
        assertThat(IncomingEvent.typeIn(Set.of(type)).test(
                new ConsumerRecord<>("registry.events", 0, 1, "k", new byte[0]).headers())).as("no ce_type").isFalse();
        // the last ce_type header counts, as for decoding
        garbage.headers().add(CloudEventHeaders.TYPE, "dev.modelregistry.other".getBytes(StandardCharsets.UTF_8));
        assertThat(IncomingEvent.typeIn(Set.of(type)).test(garbage.headers())).isFalse();
    }

    @Test
    void decodesAnArtifactEventWhoseSubjectIsTheDigest() {
        ArtifactStored stored = new ArtifactStored("d".repeat(64), 3, "text/plain", "a.txt", "alice");
        IncomingEvent event = IncomingEvent.decode(record(new TestEvents().next(stored)));
        assertThat(event.isApplicable()).isTrue();
        assertThat(event.event()).isEqualTo(stored);
        assertThat(event.record().key()).isEqualTo("sha256:" + "d".repeat(64));
    }

    @Test
    void aRecordThatIsNoEventCarriesItsErrorAndBecomesAWritableFailureRow() {
        EventEnvelope envelope = new TestEvents().next(new ModelDeleted("fraud"));
        ConsumerRecord<String, byte[]> record = record(envelope);
        record.headers().remove(CloudEventHeaders.TYPE);
        record.headers().remove(CloudEventHeaders.DATA_SCHEMA);
        record.headers().add(CloudEventHeaders.TYPE, "dev.modelregistry.future\u0000".getBytes(StandardCharsets.UTF_8));
        IncomingEvent event = IncomingEvent.decode(record);
        assertThat(event.isApplicable()).isFalse();
        assertThat(event.error()).contains("unknown event type");
        assertThat(event.position()).as("read leniently from ce_position").isEqualTo(1);
        ProjectionFailure failure = event.failure("postgres", event.error());
        assertThat(failure.partition()).isEqualTo(1);
        assertThat(failure.offset()).isEqualTo(42);
        assertThat(failure.eventType()).doesNotContain("\u0000");
        assertThat(failure.headers().get(CloudEventHeaders.TYPE)).doesNotContain("\u0000");
        assertThat(failure.error()).doesNotContain("\u0000");
        assertThat(failure.body()).isEqualTo(envelope.body());
    }

    @Test
    void aNonUuidEventIdIsNotApplicable() {
        EventEnvelope envelope = EventEnvelope.of(new ModelDeleted("fraud"), "not-a-uuid", 5, TestEvents.T0, "a", "c",
                null, "/model-registry");
        IncomingEvent event = IncomingEvent.decode(record(envelope));
        assertThat(event.isApplicable()).isFalse();
        assertThat(event.error()).contains("UUID");
        assertThat(event.position()).isEqualTo(5);
    }
}
