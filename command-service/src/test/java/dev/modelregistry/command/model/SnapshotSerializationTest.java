package dev.modelregistry.command.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.command.eventstore.RegistrySerializer;
import dev.modelregistry.events.model.AliasAssigned;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.events.model.Stage;
import dev.modelregistry.events.model.VersionDeleted;
import dev.modelregistry.events.model.VersionStageTransitioned;
import java.lang.reflect.Field;
import java.util.Map;
import org.axonframework.serialization.SerializedObject;
import org.junit.jupiter.api.Test;

/** Snapshots are the aggregate serialized with the event store's serializer: state must survive the trip. */
class SnapshotSerializationTest {

    @Test
    void aggregate_state_round_trips_through_jackson() throws Exception {
        RegisteredModel model = new RegisteredModel();
        model.on(new ModelRegistered("fraud.scorer", "d", "risk", Map.of("team", "fraud")));
        for (int v = 1; v <= 3; v++) {
            model.on(RegisteredModelTest.versionRegistered(v));
        }
        model.on(new VersionStageTransitioned("fraud.scorer", 1, Stage.NONE, Stage.STAGING));
        model.on(new VersionStageTransitioned("fraud.scorer", 1, Stage.STAGING, Stage.PRODUCTION));
        model.on(new VersionDeleted("fraud.scorer", 3));
        model.on(new AliasAssigned("fraud.scorer", "champion", 1, null));

        RegistrySerializer serializer = RegistrySerializer.create();
        SerializedObject<byte[]> snapshot = serializer.serialize(model, byte[].class);
        RegisteredModel restored = serializer.deserialize(snapshot);

        assertThat(snapshot.getType().getName()).isEqualTo(RegisteredModel.class.getName());
        assertThat(restored).usingRecursiveComparison().isEqualTo(model);
        assertThat(field(restored, "productionVersion")).isEqualTo(1);
        assertThat(new String(snapshot.getData())).contains("\"production_version\":1").contains("champion");
    }

    private static Object field(Object target, String name) throws Exception {
        Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
    }
}
