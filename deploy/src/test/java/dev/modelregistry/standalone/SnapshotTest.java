package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;

/**
 * A model with many versions is loaded from a snapshot plus the events after it, not from its whole
 * history, and behaves exactly as before.
 */
class SnapshotTest extends RegistryIntegrationTest {

    @Value("${registry.command.snapshot-threshold}")
    int threshold;

    @Autowired
    EventStore eventStore;

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    @Qualifier("registeredModelCache")
    Cache modelCache;

    @Test
    void aModelWithMoreEventsThanTheThresholdIsSnapshottedAndKeepsNumberingItsVersions() throws Exception {
        String model = registerModel(uniqueName("snapshot"));
        int versions = threshold + 10;
        registerVersions(model, versions);

        await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) value(
                "select count(*) from event_store.snapshot_event_entry where aggregate_identifier = ?", model))
                .longValue() > 0);
        DomainEventMessage<?> snapshot = storageEngine.readSnapshot(model).orElseThrow();
        assertThat(snapshot.getPayload().getClass().getSimpleName()).isEqualTo("RegisteredModel");
        assertThat(snapshot.getSequenceNumber()).isBetween((long) threshold - 1, (long) versions);
        // the snapshot holds the state of every version registered up to it
        JsonNode state = dev.modelregistry.events.EventCodec.objectMapper().valueToTree(snapshot.getPayload());
        assertThat(state.get("name").asText()).isEqualTo(model);
        assertThat(state.get("versions")).hasSize((int) snapshot.getSequenceNumber());

        // loading reads the snapshot and the events after it only
        DomainEventStream stream = eventStore.readEvents(model);
        List<DomainEventMessage<?>> loaded = new ArrayList<>();
        stream.asStream().forEach(loaded::add);
        assertThat(loaded.getFirst().getPayload().getClass().getSimpleName()).isEqualTo("RegisteredModel");
        assertThat(loaded).hasSize(1 + versions - (int) snapshot.getSequenceNumber());
        assertThat(loaded.size()).isLessThanOrEqualTo(threshold);

        // a fresh load (not the cached aggregate) continues where the history left off
        modelCache.removeAll();
        Answer next = registerVersion(model, 0.99);
        assertThat(next.status()).as(next.toString()).isEqualTo(201);
        assertThat(next.json().get("version").asInt()).isEqualTo(versions + 1);
        modelCache.removeAll();
        assertThat(post("/api/v1/models/" + model + "/versions/1:transition", "{\"stage\":\"Staging\"}").status())
                .isEqualTo(200);
        assertThat(post("/api/v1/models/" + model + "/versions/1:transition", "{\"stage\":\"Staging\"}").json()
                .get("code").asText()).isEqualTo("stage_unchanged");
        assertThat(post("/api/v1/models/" + model + "/versions/" + (versions + 2) + ":transition",
                "{\"stage\":\"Staging\"}").status()).isEqualTo(404);
        Answer alias = put("/api/v1/models/" + model + "/aliases/champion", "{\"version\":" + (versions + 1) + "}");
        assertThat(alias.status()).as(alias.toString()).isEqualTo(200);
        assertThat(getAt("/api/v1/models/" + model, alias.position()).json().get("latest_version").asInt())
                .isEqualTo(versions + 1);
    }

    /** Registers {@code count} versions from a few concurrent clients (the model numbers them). */
    private void registerVersions(String model, int count) throws Exception {
        List<Future<Answer>> answers = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(4, Thread.ofVirtual().factory())) {
            for (int i = 0; i < count; i++) {
                answers.add(clients.submit(() -> registerVersion(model, 0.9)));
            }
        }
        for (Future<Answer> answer : answers) {
            assertThat(answer.get().status()).as(answer.get().toString()).isEqualTo(201);
        }
    }
}
