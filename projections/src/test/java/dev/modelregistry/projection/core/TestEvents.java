package dev.modelregistry.projection.core;

import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.events.RegistryEvent;
import dev.modelregistry.events.model.ArtifactReference;
import dev.modelregistry.events.model.DataWindow;
import dev.modelregistry.events.model.DatasetReference;
import dev.modelregistry.events.model.Lineage;
import dev.modelregistry.events.model.ManifestFile;
import dev.modelregistry.events.model.VersionReference;
import dev.modelregistry.events.model.VersionRegistered;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Envelopes and their Kafka records for tests: positions and times from a counter. */
public final class TestEvents {

    public static final String TOPIC = "registry.events";

    public static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private long position;

    public TestEvents() {
        this(0);
    }

    public TestEvents(long startPosition) {
        this.position = startPosition;
    }

    public EventEnvelope next(RegistryEvent event) {
        return next(event, "alice");
    }

    public EventEnvelope next(RegistryEvent event, String actor) {
        position++;
        return EventEnvelope.of(event, UUID.nameUUIDFromBytes(("event-" + position).getBytes()).toString(), position,
                T0.plusSeconds(position), actor, "corr-" + position, position % 2 == 0 ? "because " + position : null,
                "/model-registry");
    }

    /** Takes the next position without an event (for hand-made records). */
    public long reserve() {
        return ++position;
    }

    public long position() {
        return position;
    }

    public static Instant time(long position) {
        return T0.plusSeconds(position);
    }

    /** The time of {@code position} as the read model stores it. */
    public static OffsetDateTime at(long position) {
        return OffsetDateTime.ofInstant(time(position), ZoneOffset.UTC);
    }

    /** The envelope as the projectors read it from {@code registry.events}: its body and CloudEvents headers. */
    public static ConsumerRecord<String, byte[]> record(int partition, long offset, EventEnvelope envelope) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(TOPIC, partition, offset, envelope.subject(),
                envelope.body());
        envelope.kafkaHeaders().forEach(record.headers()::add);
        return record;
    }

    /** A version of two files: {@code model.pkl} (digest {@code d…d}) and {@code conda.yaml} (digest {@code e…e}). */
    public static VersionRegistered version(String model, int version, VersionReference... parents) {
        return new VersionRegistered(model, version, new ArtifactReference("file:///artifacts/" + model + "/" + version,
                "a".repeat(64)),
                List.of(new ManifestFile("model.pkl", "d".repeat(64), 1234L),
                        new ManifestFile("conda.yaml", "e".repeat(64), 56L)),
                "sklearn", "1.5.2", Map.of("max_depth", "8", "lr", "0.01"),
                Map.of("accuracy", 0.9 + version / 1000.0, "auc", 0.8),
                "version " + version + " of " + model, Map.of("team", "fraud"),
                new Lineage("c0ffee" + version, "fg-" + version,
                        new DataWindow(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z")),
                        List.of(new DatasetReference("transactions", "b".repeat(64)),
                                new DatasetReference("labels", "c".repeat(64))),
                        "run-" + version, List.of(parents)),
                "lh-" + model + "-" + version);
    }
}
