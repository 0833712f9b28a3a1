package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two versions of one model, both approved, promoted at the same moment: exactly one wins, every time,
 * over 100 races. The loser is refused (422, its approvals were given against the Production version the
 * winner replaced) and the event store holds exactly one promotion per model.
 */
class PromotionRaceTest extends RegistryIntegrationTest {

    static final int RACES = 100;

    @Test
    void concurrentPromotionsOfTwoVersionsOfOneModelHaveExactlyOneWinnerEveryTime() throws Exception {
        String namespace = ensureNamespace("race");
        TestUser reviewer = createUser("rev");
        grant(reviewer.username(), namespace, "reviewer");
        String reviewerToken = login(reviewer.username(), reviewer.password());
        int winsOfVersion1 = 0;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int race = 0; race < RACES; race++) {
                String model = registerModel(uniqueName(namespace + ".m"));
                for (int v = 1; v <= 2; v++) {
                    assertThat(registerVersion(model, 0.9).status()).isEqualTo(201);
                }
                assertThat(put("/api/v1/models/" + model + "/promotion-policy", """
                        {"required_approvals":1,"approvers":["%s"]}""".formatted(reviewer.username())).status())
                        .isEqualTo(200);
                for (int v = 1; v <= 2; v++) {
                    assertThat(post(path(model, v) + ":request-promotion", "{}").status()).isEqualTo(201);
                    assertThat(as(reviewerToken).post(path(model, v) + ":approve", "{}").status()).isEqualTo(200);
                }

                CountDownLatch start = new CountDownLatch(1);
                List<Future<Answer>> promotions = new ArrayList<>();
                for (int v = 1; v <= 2; v++) {
                    String promote = path(model, v) + ":promote";
                    promotions.add(threads.submit(() -> {
                        start.await();
                        return post(promote, "{}");
                    }));
                }
                start.countDown();
                Answer first = promotions.get(0).get();
                Answer second = promotions.get(1).get();

                List<Integer> statuses = List.of(first.status(), second.status());
                assertThat(statuses).as("race " + race + ": " + first + " / " + second)
                        .containsExactlyInAnyOrder(200, 422);
                Answer loser = first.status() == 422 ? first : second;
                assertThat(loser.json().get("code").asText()).isEqualTo("promotion_refused");
                assertThat(loser.json().get("failed_checks").findValuesAsText("check")).contains("approvals_missing");
                List<Map<String, Object>> promoted = rows("select payload_type from event_store.domain_event_entry "
                        + "where aggregate_identifier = ? and payload_type = 'dev.modelregistry.version.promoted'", model);
                assertThat(promoted).as("race " + race).hasSize(1);
                if (first.status() == 200) {
                    winsOfVersion1++;
                }
            }
        }
        System.out.printf("PromotionRaceTest: %d races, exactly one winner each (version 1 won %d, version 2 %d)%n",
                RACES, winsOfVersion1, RACES - winsOfVersion1);
    }

    static String path(String model, int version) {
        return "/api/v1/models/" + model + "/versions/" + version;
    }
}
