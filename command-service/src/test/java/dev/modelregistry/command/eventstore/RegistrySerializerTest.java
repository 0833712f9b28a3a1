package dev.modelregistry.command.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.events.EventCodec;
import dev.modelregistry.events.EventTypes;
import dev.modelregistry.events.artifact.ArtifactCorruptionDetected;
import dev.modelregistry.events.artifact.ArtifactDeleted;
import dev.modelregistry.events.artifact.ArtifactStorageClassChanged;
import dev.modelregistry.events.artifact.ArtifactStored;
import dev.modelregistry.events.model.AliasAssigned;
import dev.modelregistry.events.model.ArtifactReference;
import dev.modelregistry.events.model.DataWindow;
import dev.modelregistry.events.model.Lineage;
import dev.modelregistry.events.model.ManifestFile;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.events.model.Stage;
import dev.modelregistry.events.model.VersionReference;
import dev.modelregistry.events.model.VersionRegistered;
import dev.modelregistry.events.model.VersionStageTransitioned;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.junit.jupiter.api.Test;

class RegistrySerializerTest {

    private final RegistrySerializer serializer = RegistrySerializer.create();

    static VersionRegistered version() {
        return new VersionRegistered("fraud.scorer", 3, new ArtifactReference("s3://b/k", "a".repeat(64)),
                List.of(new ManifestFile("model.json", "b".repeat(64), 512L)), "xgboost", "2.1", Map.of("depth", "6"),
                Map.of("auc", 0.93), "desc", Map.of("t", "v"),
                new Lineage("abc", "fg", new DataWindow(Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2026-02-01T00:00:00.250Z")), List.of(), "run",
                        List.of(new VersionReference("fraud.scorer", 1))),
                "f".repeat(64));
    }

    @Test
    void events_are_stored_under_their_stable_type_name_and_schema_version() {
        SerializedObject<byte[]> stored = serializer.serialize(version(), byte[].class);
        EventTypes.Registration type = EventTypes.of(VersionRegistered.class);
        assertThat(stored.getType().getName()).isEqualTo(type.name()).isEqualTo("dev.modelregistry.version.registered");
        assertThat(stored.getType().getRevision()).isEqualTo(Integer.toString(type.version()));
    }

    @Test
    void the_store_holds_exactly_the_codec_json() {
        VersionRegistered event = version();
        assertThat(serializer.serialize(event, byte[].class).getData()).isEqualTo(EventCodec.encode(event));
    }

    @Test
    void every_event_type_round_trips() {
        for (Object event : List.of(version(), new ModelRegistered("m", "d", null, Map.of()),
                new VersionStageTransitioned("m", 1, Stage.STAGING, Stage.PRODUCTION),
                new AliasAssigned("m", "champion", 2, null),
                new ArtifactStored("c".repeat(64), 12, "application/octet-stream", "model.pkl", "local-admin"),
                new ArtifactCorruptionDetected("c".repeat(64), 12, "d".repeat(64), 12L, "download"),
                new ArtifactCorruptionDetected("c".repeat(64), 12, null, null, "scrub"),
                new ArtifactDeleted("c".repeat(64), 12, "unreferenced"),
                new ArtifactStorageClassChanged("c".repeat(64), null, "COLDLINE"))) {
            SerializedObject<byte[]> stored = serializer.serialize(event, byte[].class);
            Object read = serializer.deserialize(new SimpleSerializedObject<>(stored.getData(), byte[].class,
                    new SimpleSerializedType(stored.getType().getName(), stored.getType().getRevision())));
            assertThat(read).isEqualTo(event);
        }
    }

    @Test
    void type_names_resolve_to_the_current_records() {
        assertThat(serializer.classForType(new SimpleSerializedType("dev.modelregistry.alias.assigned", "1")))
                .isEqualTo(AliasAssigned.class);
        assertThat(serializer.classForType(new SimpleSerializedType("dev.modelregistry.artifact.stored", "1")))
                .isEqualTo(ArtifactStored.class);
    }

    @Test
    void other_objects_keep_class_names_tokens_and_meta_data_round_trip() {
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(42, List.of(40L, 41L));
        SerializedObject<byte[]> stored = serializer.serialize(token, byte[].class);
        assertThat(stored.getType().getName()).isEqualTo(GapAwareTrackingToken.class.getName());
        assertThat((Object) serializer.deserialize(stored)).isEqualTo(token);

        MetaData metaData = MetaData.with("actor", "local-admin").and("correlation_id", "c-1");
        SerializedObject<byte[]> storedMetaData = serializer.serialize(metaData, byte[].class);
        assertThat(new String(storedMetaData.getData())).contains("\"correlation_id\":\"c-1\"");
        assertThat((Object) serializer.deserialize(storedMetaData)).isEqualTo(metaData);
    }
}
