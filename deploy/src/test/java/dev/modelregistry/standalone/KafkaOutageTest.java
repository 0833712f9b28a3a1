package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The event store does not need Kafka: while the broker is down every command is still acknowledged,
 * publication pauses without losing its place, and once the broker is back every event written in
 * the meantime reaches {@code registry.events} and the read models.
 */
class KafkaOutageTest extends RegistryIntegrationTest {

    private static final String PUBLISHER = "kafka-publisher";

    @Test
    void commandsAreAcknowledgedWhileKafkaIsDownAndEveryEventIsPublishedWhenItReturns() {
        // publication is up to date before the outage: the last event is on Kafka and the token past it
        String before = uniqueName("before-outage");
        long publishedBefore = post("/api/v1/models", "{\"name\":\"" + before + "\",\"owner_team\":\"risk\"}").position();
        assertThat(KafkaTopic.readUntil(SERVICES.endpoints().kafkaBootstrapServers(), event -> before.equals(event.key()),
                events -> !events.isEmpty(), Duration.ofSeconds(30))).isNotEmpty();
        await().atMost(Duration.ofSeconds(30)).until(() -> publisherTokenIndex() >= publishedBefore);

        String model = uniqueName("outage");
        List<Answer> answers = new ArrayList<>();
        SERVICES.kafka().stop();
        try {
            answers.add(post("/api/v1/models", """
                    {"name":"%s","description":"written while Kafka is down","owner_team":"risk"}""".formatted(model)));
            for (int i = 1; i <= 20; i++) {
                answers.add(registerVersion(model, 0.80 + i / 100.0));
            }
            answers.add(post("/api/v1/models/" + model + "/versions/1:transition", "{\"stage\":\"Staging\"}"));
            answers.add(put("/api/v1/models/" + model + "/aliases/champion", "{\"version\":20}"));
            assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isBetween(200, 299));
            assertThat(answers.get(20).json().get("version").asInt()).isEqualTo(20);

            // the publisher's committed token never passes an event Kafka has not acknowledged (it is
            // written in the transaction that waits for Kafka's acknowledgement)
            long firstWritten = answers.getFirst().position();
            await("the publisher's committed token stays before the first event written during the outage")
                    .during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> publisherTokenIndex(), index -> index >= publishedBefore && index < firstWritten);
        } finally {
            SERVICES.kafka().start();
        }

        Map<Long, String> stored = storedEvents(model);
        assertThat(stored).hasSize(23);
        assertThat(stored.keySet()).containsAll(answers.stream().map(Answer::position).toList());

        // consumers deduplicate by ce_id, so a resent event is allowed; a missing one is not
        List<KafkaTopic.Event> published = KafkaTopic.readUntil(SERVICES.endpoints().kafkaBootstrapServers(),
                event -> model.equals(event.key()), events -> distinct(events).size() >= stored.size(),
                Duration.ofSeconds(90));
        assertThat(distinct(published)).isEqualTo(new TreeMap<>(stored));
        assertThat(published).allSatisfy(event -> assertThat(event.header("ce_subject")).isEqualTo(model));

        long last = answers.getLast().position();
        JsonNode versions = awaitOk("/api/v1/models/" + model + "/versions?page_size=100", last).json();
        assertThat(versions.get("items")).hasSize(20);
        assertThat(versions.get("items").get(0).get("stage").asText()).isEqualTo("Staging");
        assertThat(awaitOk("/api/v1/models/" + model + "/aliases/champion", last).json().get("version").asInt())
                .isEqualTo(20);
        assertThat(awaitOk("/api/v1/audit?page_size=100&model=" + model, last).json().get("items")).hasSize(23);
        JsonNode hits = awaitOk("/api/v1/search/versions?filter="
                + URLEncoder.encode("model = '" + model + "'", StandardCharsets.UTF_8), last).json();
        assertThat(hits.get("total_hits").asLong()).isEqualTo(20);
    }

    /** A query with min_position, repeated while the read models are still catching up (503). */
    private Answer awaitOk(String path, long position) {
        return await().atMost(Duration.ofSeconds(90)).until(() -> getAt(path, position),
                answer -> answer.status() == 200);
    }

    /** Position -> event id of every event seen, each position once. */
    private static Map<Long, String> distinct(List<KafkaTopic.Event> events) {
        Map<Long, String> distinct = new TreeMap<>();
        for (KafkaTopic.Event event : events) {
            String previous = distinct.put(Long.parseLong(event.header("ce_position")), event.header("ce_id"));
            assertThat(previous).as("a position is always the same event").isIn(null, event.header("ce_id"));
        }
        return distinct;
    }

    /**
     * The global index up to which the publisher's committed token says events were published; 0 while
     * it has published nothing (no token yet).
     */
    private static long publisherTokenIndex() {
        List<Map<String, Object>> rows = rows("select convert_from(token, 'UTF8') as token from event_store.token_entry "
                + "where processor_name = ? and segment = 0", PUBLISHER);
        Object token = rows.isEmpty() ? null : rows.getFirst().get("token");
        if (token == null) {
            return 0;
        }
        try {
            JsonNode json = JSON.readTree((String) token);
            return json.has("index") ? json.get("index").asLong() : json.get("globalIndex").asLong();
        } catch (IOException e) {
            throw new AssertionError("unreadable token " + token, e);
        }
    }
}
