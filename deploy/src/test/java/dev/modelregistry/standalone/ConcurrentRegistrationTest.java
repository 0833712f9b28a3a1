package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Version numbers are allocated by the model: concurrent registrations never share or skip a number. */
class ConcurrentRegistrationTest extends RegistryIntegrationTest {

    private static final int CLIENTS = 40;

    @Test
    void fortyConcurrentRegistrationsGetTheNumbersOneToFortyEachOnce() throws Exception {
        String model = registerModel(uniqueName("concurrent"));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Answer>> futures = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CLIENTS; i++) {
                double accuracy = 0.5 + i / 100.0;
                futures.add(clients.submit(() -> {
                    start.await();
                    return registerVersion(model, accuracy);
                }));
            }
            start.countDown();
        }
        List<Answer> answers = new ArrayList<>();
        for (Future<Answer> future : futures) {
            answers.add(future.get());
        }

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.toString()).isEqualTo(201));
        assertThat(answers).extracting(answer -> answer.json().get("version").asInt())
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, CLIENTS).boxed().toList());
        assertThat(answers).extracting(Answer::position).doesNotHaveDuplicates();

        long last = answers.stream().mapToLong(Answer::position).max().orElseThrow();
        JsonNode listed = getAt("/api/v1/models/" + model + "/versions?page_size=100", last).json();
        assertThat(StreamSupport.stream(listed.get("items").spliterator(), false).map(v -> v.get("version").asInt()))
                .containsExactlyElementsOf(IntStream.rangeClosed(1, CLIENTS).boxed().toList());
        assertThat(getAt("/api/v1/models/" + model, last).json().get("latest_version").asInt()).isEqualTo(CLIENTS);
        // each client's version holds what that client sent
        Map<Integer, Double> accuracyByVersion = new HashMap<>();
        listed.get("items").forEach(v -> accuracyByVersion.put(v.get("version").asInt(),
                v.get("metrics").get("accuracy").asDouble()));
        for (int i = 0; i < CLIENTS; i++) {
            assertThat(accuracyByVersion.get(answers.get(i).json().get("version").asInt())).isEqualTo(0.5 + i / 100.0);
        }
    }
}
