package dev.modelregistry.projection.core;

import static dev.modelregistry.projection.core.ProjectionProgress.POSTGRES;
import static dev.modelregistry.projection.core.ProjectionProgress.SEARCH;
import static dev.modelregistry.projection.core.TestEvents.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.events.CloudEventHeaders;
import dev.modelregistry.events.EventEnvelope;
import dev.modelregistry.events.model.ModelEvent;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.events.model.ModelUpdated;
import dev.modelregistry.projection.core.ProjectionStore.PartitionProgress;
import dev.modelregistry.projection.postgres.PostgresProjector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jooq.Record2;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Read-your-writes through the real PostgreSQL projector on an embedded PostgreSQL (no Kafka: the
 * records are built here): the projector records each event's Kafka position in {@code audit_log},
 * and {@link ProjectionProgress#hasReached} answers by the exact position, whatever order the events
 * were published in (docs/architecture.md, Consistency model).
 */
class ProjectionProgressTest {

    @RegisterExtension
    static final ReadModelFixture readModel = new ReadModelFixture();

    private static PostgresProjector projector;
    private static ProjectionProgress progress;

    @BeforeAll
    static void start() {
        projector = new PostgresProjector(readModel.database());
        progress = new ProjectionProgress(readModel.database(), Duration.ofSeconds(60));
    }

    @Test
    void outOfOrderPublicationDoesNotReachTheSkippedPosition() {
        Instant now = Instant.now();
        // positions 1..4; 4 became visible (and was published) before 3
        List<ConsumerRecord<String, byte[]>> partition0 = List.of(
                record(0, 0, event(1, new ModelRegistered("a", "x", "team", Map.of()), now)),
                record(0, 1, event(2, new ModelRegistered("b", "x", "team", Map.of()), now)),
                record(0, 2, event(4, new ModelUpdated("b", "y", Map.of()), now)),
                record(0, 3, event(3, new ModelUpdated("a", "y", Map.of()), now)));
        projector.apply(partition0.subList(0, 3));

        assertThat(progress.positionOf(POSTGRES)).isEqualTo(4);
        assertThat(progress.hasReached(POSTGRES, 4)).isTrue();
        assertThat(progress.hasReached(POSTGRES, 3)).as("4 applied, 3 not yet").isFalse();
        assertThat(progress.hasReached(POSTGRES, 2)).isTrue();

        projector.apply(partition0.subList(3, 4));
        assertThat(progress.hasReached(POSTGRES, 3)).isTrue();
        assertThat(kafkaPosition(3)).as("audit_log records where the event was read").isEqualTo(List.of(0, 3L));
        assertThat(kafkaPosition(4)).isEqualTo(List.of(0, 2L));
    }

    @Test
    void searchHasReachedWhenItsOffsetOnThePartitionOfPCoversP() {
        Instant now = Instant.now();
        projector.apply(List.of(
                record(0, 0, event(1, new ModelRegistered("a", "x", "team", Map.of()), now)),
                record(1, 0, event(2, new ModelRegistered("b", "x", "team", Map.of()), now)),
                record(1, 1, event(4, new ModelUpdated("b", "y", Map.of()), now)),
                record(0, 1, event(3, new ModelUpdated("a", "y", Map.of()), now))));

        searchProgress(1, 1, 4);
        assertThat(progress.hasReached(SEARCH, 4)).isTrue();
        assertThat(progress.hasReached(SEARCH, 3)).as("search is at 4, but 3 is on partition 0").isFalse();
        searchProgress(0, 0, 1);
        assertThat(progress.hasReached(SEARCH, 1)).isTrue();
        assertThat(progress.hasReached(SEARCH, 3)).isFalse();
        searchProgress(0, 1, 3);
        assertThat(progress.hasReached(SEARCH, 3)).isTrue();
    }

    @Test
    void aParkedRecordCountsAsReached() {
        Instant now = Instant.now();
        projector.apply(List.of(
                record(0, 0, event(1, new ModelRegistered("a", "x", "team", Map.of()), now)),
                poison(0, 1, 2),
                record(0, 2, event(3, new ModelUpdated("a", "y", Map.of()), now))));
        assertThat(progress.hasReached(POSTGRES, 2)).isTrue();
        assertThat(progress.hasReached(SEARCH, 2)).isFalse();
        searchProgress(0, 1, 2);
        assertThat(progress.hasReached(SEARCH, 2)).isTrue();
        assertThat(progress.hasReached(SEARCH, 3)).isFalse();
    }

    @Test
    void aPositionThatIsNoEventIsReachedOnceTheNextEventIsOlderThanTheGapTimeout() {
        Instant old = Instant.now().minus(Duration.ofMinutes(5));
        Instant now = Instant.now();
        projector.apply(List.of(
                record(0, 0, event(10, new ModelRegistered("a", "x", "team", Map.of()), old)),
                // 11: a rolled-back transaction
                record(0, 1, event(12, new ModelUpdated("a", "y", Map.of()), old)),
                // 21: also no event, but the next one is recent: 21 may still be published
                record(0, 2, event(22, new ModelUpdated("a", "z", Map.of()), now))));
        assertThat(progress.hasReached(POSTGRES, 11)).isTrue();
        assertThat(progress.hasReached(POSTGRES, 21)).isFalse();
        assertThat(progress.hasReached(POSTGRES, 23)).as("nothing after 23 yet").isFalse();
        assertThat(new ProjectionProgress(readModel.database(), Duration.ofMillis(1)).hasReached(POSTGRES, 21))
                .isTrue();
    }

    @Test
    void eventsWithoutKafkaRecordHaveNoKafkaPosition() {
        projector.applyEvents(List.of(event(7, new ModelRegistered("a", "x", "team", Map.of()), Instant.now())));
        assertThat(kafkaPosition(7)).containsExactly(null, null);
        assertThat(progress.hasReached(POSTGRES, 7)).isTrue();
        assertThat(progress.positionOf(POSTGRES)).as("no progress without records").isZero();
    }

    // ------------------------------------------------------------------ helpers

    private static EventEnvelope event(long position, ModelEvent event, Instant occurredAt) {
        return EventEnvelope.of(event, UUID.randomUUID().toString(), position, occurredAt, "alice", "c", null,
                CloudEventHeaders.DEFAULT_SOURCE);
    }

    /** A record of an unknown event type: parked, its position read from {@code ce_position}. */
    private static ConsumerRecord<String, byte[]> poison(int partition, long offset, long position) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(TestEvents.TOPIC, partition, offset, "a",
                "{\"model\":\"a\"}".getBytes(StandardCharsets.UTF_8));
        Map.of(CloudEventHeaders.SPEC_VERSION, "1.0",
                CloudEventHeaders.ID, UUID.randomUUID().toString(),
                CloudEventHeaders.TYPE, "dev.modelregistry.model.renamed",
                CloudEventHeaders.SOURCE, CloudEventHeaders.DEFAULT_SOURCE,
                CloudEventHeaders.SUBJECT, "a",
                CloudEventHeaders.SCHEMA_VERSION, "1",
                CloudEventHeaders.POSITION, Long.toString(position))
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private static void searchProgress(int partition, long offset, long position) {
        readModel.database().inTransaction(ctx -> {
            ProjectionStore.record(ctx, SEARCH, List.of(new PartitionProgress(partition, offset, position)));
            return null;
        });
    }

    private static List<Object> kafkaPosition(long position) {
        var a = dev.modelregistry.readmodel.jooq.Tables.AUDIT_LOG;
        Record2<Integer, Long> row = readModel.dsl().select(a.KAFKA_PARTITION, a.KAFKA_OFFSET).from(a)
                .where(a.POSITION.eq(position)).fetchOne();
        assertThat(row).as("audit row of position %d", position).isNotNull();
        return java.util.Arrays.asList(row.value1(), row.value2());
    }
}
