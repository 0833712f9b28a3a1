package dev.modelregistry.command.tracking.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.command.eventstore.RegistrySerializer;
import dev.modelregistry.events.tracking.MetricPoint;
import dev.modelregistry.events.tracking.Param;
import dev.modelregistry.events.tracking.RunDataLogged;
import dev.modelregistry.events.tracking.RunFinished;
import dev.modelregistry.events.tracking.RunStatus;
import java.util.List;
import org.axonframework.serialization.SerializedObject;
import org.junit.jupiter.api.Test;

/** A run's snapshot is the aggregate serialized with the event store's serializer: its state survives the trip. */
class RunSnapshotTest {

    @Test
    void run_state_round_trips_through_the_event_store_serializer() {
        Run run = new Run();
        run.on(RunTest.started());
        run.on(new RunDataLogged(RunTest.RUN, List.of(new Param("lr", "0.1"), new Param("depth", "8")),
                List.of(new MetricPoint("loss", Double.NaN, 0, RunTest.START)), List.of(), List.of()));
        run.on(new RunFinished(RunTest.RUN, RunStatus.FAILED, RunTest.LATER));

        RegistrySerializer serializer = RegistrySerializer.create();
        SerializedObject<byte[]> snapshot = serializer.serialize(run, byte[].class);
        Run restored = serializer.deserialize(snapshot);

        assertThat(restored).usingRecursiveComparison().isEqualTo(run);
        assertThat(new String(snapshot.getData())).contains("\"lr\":\"0.1\"").contains("FAILED")
                .doesNotContain("loss");
    }
}
