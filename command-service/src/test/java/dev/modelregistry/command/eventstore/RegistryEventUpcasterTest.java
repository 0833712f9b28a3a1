package dev.modelregistry.command.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.events.EventCodec;
import dev.modelregistry.events.model.ArtifactReference;
import dev.modelregistry.events.model.ManifestFile;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.events.model.VersionRegistered;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.junit.jupiter.api.Test;

class RegistryEventUpcasterTest {

    private final RegistrySerializer serializer = RegistrySerializer.create();

    private IntermediateEventRepresentation stored(String type, String revision, byte[] payload) {
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>("RegisteredModel", "m", 0, "id-1",
                Instant.parse("2026-01-01T00:00:00Z"), type, revision, payload, "{}".getBytes());
        return new InitialEventRepresentation(entry, serializer);
    }

    @Test
    void current_versions_pass_unchanged() {
        byte[] json = EventCodec.encode(new ModelRegistered("m", "d", null, Map.of()));
        List<IntermediateEventRepresentation> out = new RegistryEventUpcaster()
                .upcast(Stream.of(stored("dev.modelregistry.model.registered", "1", json))).toList();
        assertThat(out).hasSize(1);
        assertThat(out.getFirst().getType()).isEqualTo(new SimpleSerializedType("dev.modelregistry.model.registered", "1"));
        assertThat(out.getFirst().getData(byte[].class).getData()).isEqualTo(json);
    }

    @Test
    void a_version_stored_before_manifests_reads_as_one_file_at_path_model() {
        String sha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        byte[] v1 = ("{\"model\":\"m\",\"version\":1,\"artifact\":{\"uri\":\"s3://b/k\",\"sha256\":\"" + sha
                + "\"},\"framework\":null,\"framework_version\":null,\"params\":{},\"metrics\":{},"
                + "\"description\":null,\"tags\":{},\"lineage\":null,\"lineage_hash\":null}").getBytes();
        IntermediateEventRepresentation upcast = new RegistryEventUpcaster()
                .upcast(Stream.of(stored("dev.modelregistry.version.registered", "1", v1))).toList().getFirst();

        assertThat(upcast.getType()).isEqualTo(new SimpleSerializedType("dev.modelregistry.version.registered", "2"));
        byte[] json = upcast.getData(byte[].class).getData();
        VersionRegistered event = serializer.deserialize(new SimpleSerializedObject<>(json, byte[].class,
                upcast.getType()));
        assertThat(event.artifact()).isEqualTo(new ArtifactReference("s3://b/k", sha));
        assertThat(event.files()).containsExactly(new ManifestFile("model", sha, null));
    }

    @Test
    void unknown_types_and_snapshots_are_not_touched() {
        IntermediateEventRepresentation snapshot = stored("dev.modelregistry.command.model.RegisteredModel", null,
                "{}".getBytes());
        assertThat(new RegistryEventUpcaster().upcast(Stream.of(snapshot)).toList()).containsExactly(snapshot);
    }

    @Test
    void missing_or_odd_revisions_count_as_version_1() {
        assertThat(RegistryEventUpcaster.revision(new SimpleSerializedType("x", null))).isEqualTo(1);
        assertThat(RegistryEventUpcaster.revision(new SimpleSerializedType("x", " 3 "))).isEqualTo(3);
        assertThat(RegistryEventUpcaster.revision(new SimpleSerializedType("x", "1.0"))).isEqualTo(1);
    }
}
