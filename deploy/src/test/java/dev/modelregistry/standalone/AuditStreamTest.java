package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.readmodel.AuditChainHash;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/audit/stream}: NDJSON in chain order from a position or a chain_seq, complete,
 * each line carrying the links a client can check on its own, and {@code follow=true} sending rows
 * committed after the request.
 */
class AuditStreamTest extends RegistryIntegrationTest {

    @Test
    void theStreamFromAPositionSendsEveryLaterRowInChainOrderAsNdjson() throws IOException {
        long before = lastEventPosition();
        String model = uniqueName("streamed");
        Answer registered = post("/api/v1/models", """
                {"name":"%s","description":"streamed","owner_team":"risk"}""".formatted(model));
        Answer version = registerVersion(model, 0.91);
        Answer updated = patch("/api/v1/models/" + model, "{\"description\":\"streamed again\"}");
        assertThat(List.of(registered.status(), version.status(), updated.status())).containsExactly(201, 201, 200);
        assertThat(getAt("/api/v1/audit?page_size=1", updated.position()).status()).isEqualTo(200);

        Answer answer = get("/api/v1/audit/stream?from=" + (before + 1));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.contentType()).startsWith("application/x-ndjson");
        List<JsonNode> lines = lines(answer.response().body());

        List<Long> expected = rows("select chain_seq from read_model.audit_log where chain_seq >= "
                + "(select min(chain_seq) from read_model.audit_log where position > ?) order by chain_seq", before)
                .stream().map(row -> ((Number) row.get("chain_seq")).longValue()).toList();
        assertThat(lines).extracting(line -> line.get("chain_seq").asLong()).containsExactlyElementsOf(expected);
        for (int i = 1; i < lines.size(); i++) {
            assertThat(lines.get(i).get("global_prev_hash")).isEqualTo(lines.get(i - 1).get("global_hash"));
        }
        List<JsonNode> mine = lines.stream().filter(line -> line.get("subject").asText().equals(model)).toList();
        assertThat(mine).extracting(line -> line.get("position").asLong())
                .containsExactly(registered.position(), version.position(), updated.position());
        assertThat(mine).extracting(line -> line.get("subject_seq").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(mine.get(1).get("type").asText()).isEqualTo("dev.modelregistry.version.registered");
        assertThat(mine.get(1).at("/payload/model").asText()).isEqualTo(model);
        // a client recomputes the links from the lines alone
        for (JsonNode line : mine) {
            String hash = AuditChainHash.rowHash(line.get("prev_hash").asText(), content(line));
            assertThat(hash).isEqualTo(line.get("hash").asText());
            assertThat(AuditChainHash.globalHash(line.get("global_prev_hash").asText(), line.get("chain_seq").asLong(), hash))
                    .isEqualTo(line.get("global_hash").asText());
        }

        long resumeAt = mine.get(1).get("chain_seq").asLong();
        List<JsonNode> resumed = lines(get("/api/v1/audit/stream?from_seq=" + resumeAt).response().body());
        assertThat(resumed.getFirst().get("chain_seq").asLong()).isEqualTo(resumeAt);
        assertThat(resumed.getFirst().get("event_id")).isEqualTo(mine.get(1).get("event_id"));
    }

    @Test
    void aFollowingStreamSendsRowsCommittedAfterTheRequest() throws Exception {
        long from = lastEventPosition() + 1;
        HttpRequest request = HttpRequest.newBuilder(uri("/api/v1/audit/stream?follow=true&from=" + from))
                .header("authorization", "Bearer " + adminToken()).GET().build();
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElseThrow()).startsWith("application/x-ndjson");
        String model = uniqueName("followed");
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            Answer registered = post("/api/v1/models", """
                    {"name":"%s","description":"followed","owner_team":"risk"}""".formatted(model));
            assertThat(registered.status()).isEqualTo(201);
            CompletableFuture<JsonNode> seen = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        JsonNode node = JSON.readTree(line);
                        if (node.get("subject").asText().equals(model)) {
                            return node;
                        }
                    }
                    return null;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            JsonNode line = seen.get(30, TimeUnit.SECONDS);
            assertThat(line).isNotNull();
            assertThat(line.get("position").asLong()).isEqualTo(registered.position());
            assertThat(line.get("type").asText()).isEqualTo("dev.modelregistry.model.registered");
        }
    }

    @Test
    void badStreamParametersAreRefusedAsProblems() {
        assertProblem(get("/api/v1/audit/stream?from=-1"), "from");
        assertProblem(get("/api/v1/audit/stream?from=abc"), "from");
        assertProblem(get("/api/v1/audit/stream?from_seq=0"), "from_seq");
        assertProblem(get("/api/v1/audit/stream?from=1&from_seq=1"), "from_seq");
        assertProblem(get("/api/v1/audit/stream?follow=yes"), "follow");
    }

    @Test
    void onlyNdjsonIsOffered() {
        Answer answer = send(HttpRequest.newBuilder(uri("/api/v1/audit/stream"))
                .header("accept", "text/event-stream").GET());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(406);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("code").asText()).as(answer.toString()).isEqualTo("not_acceptable");
        assertThat(answer.json().path("field").asText()).isEqualTo("Accept");
    }

    private static void assertProblem(Answer answer, String field) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("code").asText()).isEqualTo("invalid_parameter");
        assertThat(answer.json().get("field").asText()).isEqualTo(field);
    }

    private static List<JsonNode> lines(String body) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private static AuditChainHash.Content content(JsonNode line) {
        return new AuditChainHash.Content(line.get("position").asLong(), UUID.fromString(line.get("event_id").asText()),
                line.get("type").asText(), line.get("schema_version").asInt(), line.get("subject").asText(),
                line.get("subject_seq").asLong(), text(line, "model"),
                line.get("version").isNull() ? null : line.get("version").asInt(), line.get("actor").asText(),
                text(line, "correlation_id"), text(line, "reason"), OffsetDateTime.parse(line.get("occurred_at").asText()),
                line.get("payload").toString(), json(line, "before"), json(line, "after"));
    }

    private static String text(JsonNode line, String field) {
        return line.get(field).isNull() ? null : line.get(field).asText();
    }

    private static String json(JsonNode line, String field) {
        return line.get(field).isNull() ? null : line.get(field).toString();
    }
}
