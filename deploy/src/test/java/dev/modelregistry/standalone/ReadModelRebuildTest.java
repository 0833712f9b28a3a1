package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.readmodel.ReadModelSchema;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A rebuild replays {@code registry.events} from offset 0 into fresh tables and a fresh index and
 * switches over in one step: the read models afterwards are the same as before, queries keep
 * answering with complete models while it runs, and the live projectors carry on from there.
 */
class ReadModelRebuildTest extends RegistryIntegrationTest {

    private static final String REBUILD = "/api/v1/admin/read-models:rebuild";
    private static final String STATUS = "/api/v1/admin/read-models/rebuild";

    @Autowired
    DataSource dataSource;

    @Test
    void aRebuildFromOffsetZeroGivesTheSameReadModelsWhileQueriesKeepAnswering() {
        History history = variedHistory("rebuild");
        String a = history.models().getFirst();
        long last = history.lastPosition();
        Map<String, String> queries = queries(history.models());
        // read-your-writes on both read models before taking the snapshot
        queries.values().forEach(path -> assertThat(getAt(path, last).status()).as(path).isEqualTo(200));

        Map<String, List<String>> tablesBefore = ReadModelTables.all("read_model");
        List<Map<String, Object>> indexesBefore = indexes();
        Map<String, String> documentsBefore = allSearchDocuments();
        Map<String, String> answersBefore = answersWithoutScores(queries);
        String indexBefore = indexBehindAlias();
        long topicSize = KafkaTopic.size(SERVICES.endpoints().kafkaBootstrapServers());
        assertThat(documentsBefore).containsKey(a + "@1").doesNotContainKey(a + "@3");

        // the rebuild runs in the background; meanwhile the same queries answer the same
        AtomicBoolean rebuilding = new AtomicBoolean(true);
        CompletableFuture<List<String>> during = CompletableFuture.supplyAsync(() -> {
            List<String> differences = new ArrayList<>();
            int rounds = 0;
            while (rebuilding.get() || rounds == 0) {
                rounds++;
                answersWithoutScores(queries).forEach((query, answer) -> {
                    if (!answer.equals(answersBefore.get(query))) {
                        differences.add(query + " -> " + answer);
                    }
                });
            }
            return differences;
        }, task -> Thread.ofVirtual().start(task));
        Answer started;
        try {
            started = send(HttpRequest.newBuilder(uri(REBUILD)).POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(started.status()).as(started.toString()).isEqualTo(202);
            Answer second = send(HttpRequest.newBuilder(uri(REBUILD)).POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(second.status()).as("one rebuild at a time: " + second).isEqualTo(409);
            assertThat(second.json().get("code").asText()).isEqualTo("rebuild_in_progress");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> get(STATUS).json().get("state").asText(), state -> !state.equals("RUNNING"));
        } finally {
            rebuilding.set(false);
        }
        assertThat(during.join()).as("answers that changed during the rebuild").isEmpty();

        JsonNode status = get(STATUS).json();
        assertThat(status.get("state").asText()).as(status.toString()).isEqualTo("SUCCEEDED");
        assertThat(status.at("/summary/events_replayed").asLong()).isEqualTo(topicSize);
        ReadModelTables.assertSame(ReadModelTables.all("read_model"), tablesBefore);
        assertThat(allSearchDocuments()).isEqualTo(documentsBefore);
        assertThat(answersWithoutScores(queries)).isEqualTo(answersBefore);
        assertThat(indexBehindAlias()).isNotEqualTo(indexBefore);
        assertThat(indexes()).as("the secondary indexes deferred during the replay are all back")
                .isEqualTo(indexesBefore);
        assertThat(rows("select schema_name from information_schema.schemata where schema_name in "
                + "('read_model_rebuild', 'read_model_retired')")).isEmpty();
        // the swapped-in schema is an ordinary migrated schema for the next start
        ReadModelSchema.migrate(dataSource, ReadModelSchema.LIVE);
        ReadModelTables.assertSame(ReadModelTables.all("read_model"), tablesBefore);

        // the live projectors continue from the rebuilt read models: the next event once, not the history again
        Answer next = registerVersion(a, 0.99);
        assertThat(next.status()).isEqualTo(201);
        JsonNode audit = getAt("/api/v1/audit?page_size=100&model=" + a, next.position()).json();
        assertThat(audit.get("items")).hasSize(((Number) value(
                "select count(*) from event_store.domain_event_entry where aggregate_identifier = ?", a)).intValue());
        JsonNode found = getAt("/api/v1/search/versions?filter=" + encode("model = '" + a + "' AND version = 4"),
                next.position()).json();
        assertThat(found.get("total_hits").asLong()).isEqualTo(1);
    }

    /** Queries over both read models whose answers must not change across a rebuild. */
    private static Map<String, String> queries(List<String> models) {
        String a = models.get(0);
        String b = models.get(1);
        String c = models.get(2);
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("model", "/api/v1/models/" + a);
        queries.put("deleted model", "/api/v1/models/" + c + "?include_deleted=true");
        queries.put("versions", "/api/v1/models/" + a + "/versions?include_deleted=true");
        queries.put("aliases", "/api/v1/models/" + a + "/aliases");
        queries.put("compare", "/api/v1/models/" + a + "/versions:compare?versions=1,2");
        queries.put("audit", "/api/v1/audit?page_size=200&model=" + b);
        queries.put("search by filter", "/api/v1/search/versions?order_by=" + encode("metrics.accuracy DESC")
                + "&filter=" + encode("model IN ('" + a + "', '" + b + "', '" + c + "')"));
        queries.put("search by text", "/api/v1/search/versions?q=" + encode(a));
        queries.put("search production", "/api/v1/search/versions?filter="
                + encode("stage = 'Production' AND model = '" + a + "'"));
        return queries;
    }

    private String indexBehindAlias() {
        JsonNode aliases = elasticsearch("GET", "/_alias/registry-versions", null);
        assertThat(aliases.size()).as(aliases.toString()).isEqualTo(1);
        return aliases.fieldNames().next();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Every index of the live read model with its definition. */
    private List<Map<String, Object>> indexes() {
        return rows("select indexname, indexdef from pg_indexes where schemaname = 'read_model' order by indexname");
    }
}
