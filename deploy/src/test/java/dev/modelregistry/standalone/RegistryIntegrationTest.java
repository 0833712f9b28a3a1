package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.embedded.RegistryServices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every test that needs the real registry: the embedded PostgreSQL, Kafka and Elasticsearch
 * start once per test JVM ({@link RegistryServices#shared()}), and all subclasses share one Spring
 * context (same configuration, so Spring's test context cache reuses it), the standalone one. When
 * every class has run, the context is closed before the services ({@link SharedContextShutdown}).
 *
 * <p>Test classes must not change the context configuration (no {@code @TestPropertySource},
 * {@code @MockitoBean}, {@code @DirtiesContext}, profiles): one more configuration is one more
 * context and another start of everything.
 */
@SpringBootTest(classes = StandaloneRegistry.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(SharedContextShutdown.class)
abstract class RegistryIntegrationTest {

    static final RegistryServices SERVICES = RegistryServices.shared();
    static final ObjectMapper JSON = new ObjectMapper();
    /** The bytes of the one-file artifact of {@link #versionBody}; their SHA-256 is {@link #DIGEST_A}. */
    static final byte[] ARTIFACT_A = "test".getBytes(StandardCharsets.UTF_8);
    static final String DIGEST_A = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    /** A dataset digest (datasets are lineage, not artifacts: the store need not hold them). */
    static final String DIGEST_B = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

    private static volatile boolean artifactAHeld;

    /** The bootstrap admin every test acts as unless it says otherwise; its password is new per test JVM. */
    static final String ADMIN = "admin";
    private static final String ADMIN_PASSWORD = "test-" + UUID.randomUUID();
    private static volatile String adminToken;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        StandaloneRegistry.springProperties(SERVICES.endpoints()).forEach((key, value) -> registry.add(key, () -> value));
        registry.add("registry.auth.bootstrap-admin.username", () -> ADMIN);
        registry.add("registry.auth.bootstrap-admin.password", () -> ADMIN_PASSWORD);
    }

    /** A model name no other test uses. */
    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    Answer post(String path, String json) {
        return asAdmin().post(path, json);
    }

    Answer put(String path, String json) {
        return asAdmin().put(path, json);
    }

    Answer patch(String path, String json) {
        return asAdmin().patch(path, json);
    }

    Answer delete(String path) {
        return asAdmin().delete(path);
    }

    Answer get(String path) {
        return asAdmin().get(path);
    }

    /** GET that waits until the read models reached {@code position} (read-your-writes). */
    Answer getAt(String path, long position) {
        return asAdmin().getAt(path, position);
    }

    /** Sends the request as the admin unless it already carries an Authorization header. */
    Answer send(HttpRequest.Builder request) {
        return asAdmin().send(request);
    }

    /** Requests with the admin's API token. */
    Caller asAdmin() {
        return new Caller(adminToken());
    }

    /** Requests with this bearer token. */
    Caller as(String bearerToken) {
        return new Caller(bearerToken);
    }

    /** Requests without any Authorization header. */
    Caller anonymous() {
        return new Caller(null);
    }

    /** Requests sent with one bearer token, or none. */
    final class Caller {

        private final String token;

        Caller(String token) {
            this.token = token;
        }

        Answer post(String path, String json) {
            return send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)));
        }

        Answer put(String path, String json) {
            return send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(json)));
        }

        Answer patch(String path, String json) {
            return send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
        }

        Answer delete(String path) {
            return send(HttpRequest.newBuilder(uri(path)).DELETE());
        }

        Answer get(String path) {
            return send(HttpRequest.newBuilder(uri(path)).GET());
        }

        Answer getAt(String path, long position) {
            return get(path + (path.contains("?") ? "&" : "?") + "min_position=" + position);
        }

        Answer send(HttpRequest.Builder request) {
            if (token != null && request.copy().build().headers().firstValue("authorization").isEmpty()) {
                request.header("authorization", "Bearer " + token);
            }
            return exchange(request);
        }
    }

    static Answer exchange(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The admin's long-lived API token, made once per test JVM: the bootstrap admin signs in with the
     * password the tests gave it and issues itself an API token (so no test outlives an access token).
     */
    String adminToken() {
        if (adminToken == null) {
            synchronized (RegistryIntegrationTest.class) {
                if (adminToken == null) {
                    String jwt = login(ADMIN, ADMIN_PASSWORD);
                    Answer issued = as(jwt).post("/api/v1/auth/api-tokens", "{\"name\":\"deploy-tests\"}");
                    if (issued.status() != 201) {
                        throw new AssertionError("admin API token not issued: " + issued);
                    }
                    adminToken = issued.json().get("token").asText();
                    // the owning team of the models the tests register (a model's owner team must exist
                    // and have a member, or its versions cannot be promoted)
                    ensureNamespace("risk");
                    Answer member = put("/api/v1/admin/namespaces/risk/members/" + ADMIN, "{}");
                    if (member.status() != 200) {
                        throw new AssertionError("admin not made a member of team risk: " + member);
                    }
                    // the query side authorizes from the access events it has applied: the first test of
                    // a fresh JVM must not race the projection of the admin's own roles (a spurious 403)
                    awaitProjected(Math.max(issued.position(), member.position()));
                }
            }
        }
        return adminToken;
    }

    /** Signs in and answers the access token. */
    String login(String username, String password) {
        Answer answer = anonymous().post("/api/v1/auth/login",
                JSON.createObjectNode().put("username", username).put("password", password).toString());
        if (answer.status() != 200) {
            throw new AssertionError("login of " + username + " refused: " + answer);
        }
        return answer.json().get("access_token").asText();
    }

    /** Creates a namespace (and its team); one that exists already is fine. */
    String ensureNamespace(String namespace) {
        Answer answer = post("/api/v1/admin/namespaces",
                JSON.createObjectNode().put("namespace", namespace).put("description", "test namespace").toString());
        if (answer.status() != 201 && answer.status() != 409) {
            throw new AssertionError("namespace " + namespace + " not created: " + answer);
        }
        return namespace;
    }

    /** A new user (unique name from the prefix) and its password. */
    record TestUser(String username, String password) {
    }

    TestUser createUser(String prefix) {
        String username = uniqueName(prefix);
        String password = "pw-" + UUID.randomUUID();
        Answer answer = post("/api/v1/admin/users", JSON.createObjectNode().put("username", username)
                .put("display_name", prefix).put("password", password).toString());
        if (answer.status() != 201) {
            throw new AssertionError("user not created: " + answer);
        }
        return new TestUser(username, password);
    }

    /**
     * Grants the roles in the namespace (created if needed) and waits until the query side applies
     * them too (it learns grants from the event stream, a few milliseconds later).
     */
    void grant(String principal, String namespace, String... roles) {
        ensureNamespace(namespace);
        long position = 0;
        for (String role : roles) {
            Answer answer = put("/api/v1/admin/namespaces/" + namespace + "/grants/" + principal + "/" + role, "{}");
            if (answer.status() / 100 != 2) {
                throw new AssertionError("role " + role + " not granted: " + answer);
            }
            position = Math.max(position, answer.position());
        }
        awaitProjected(position);
    }

    /** A new user holding the roles in the namespace, signed in: answers its access token. */
    String userWith(String namespace, String... roles) {
        TestUser user = createUser("u");
        grant(user.username(), namespace, roles);
        return login(user.username(), user.password());
    }

    /** The answer, once it is asserted to be 200. */
    static Answer ok(Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer;
    }

    /** The answer, once it is asserted to be 201. */
    /** Creates an experiment named {@code uniqueName(prefix)} in {@code namespace} (asserted 201); its id. */
    String experimentIn(String namespace, String prefix) {
        return created(post("/api/v1/experiments", JSON.createObjectNode().put("name", uniqueName(prefix))
                .put("namespace", namespace).toString())).json().get("experiment_id").asText();
    }

    static Answer created(Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return answer;
    }

    /** The answer, once it is asserted to be a success (2xx). */
    static Answer succeeded(Answer answer) {
        assertThat(answer.status() / 100).as(answer.toString()).isEqualTo(2);
        return answer;
    }

    /**
     * An RFC 9457 answer: the status, {@code application/problem+json}, the stable {@code code} (and the
     * type URI ending in it), and the field at fault unless {@code field} is null.
     */
    static void assertProblem(Answer answer, int status, String code, String field) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.path("code").asText()).as(answer.toString()).isEqualTo(code);
        assertThat(problem.path("status").asInt()).as(answer.toString()).isEqualTo(status);
        assertThat(problem.path("type").asText()).as(answer.toString()).endsWith("/" + code);
        if (field != null) {
            assertThat(problem.path("field").asText()).as(answer.toString()).isEqualTo(field);
        }
    }

    /** Waits until the query side's read models reached the position. */
    void awaitProjected(long position) {
        Answer answer = getAt("/api/v1/auth/me", position);
        if (answer.status() != 200) {
            throw new AssertionError("read models did not reach " + position + ": " + answer);
        }
    }

    /** A request to the shared Elasticsearch node, answered as JSON. */
    JsonNode elasticsearch(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SERVICES.endpoints().elasticsearchUrl() + path))
                .header("content-type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return exchange(request).json();
    }

    /**
     * The indexed documents of the given models, straight from Elasticsearch: id -> external version
     * (the position of the last event applied) and source.
     */
    Map<String, String> searchDocuments(Collection<String> models) {
        String terms = models.stream().map(m -> "\"" + m + "\"").collect(Collectors.joining(","));
        return searchDocuments("{\"terms\": {\"model\": [" + terms + "]}}");
    }

    /** Every document of the versions index: id -> external version and source. */
    Map<String, String> allSearchDocuments() {
        return searchDocuments("{\"match_all\": {}}");
    }

    private Map<String, String> searchDocuments(String query) {
        return indexDocuments("registry-versions", "id", query);
    }

    /** The documents of an index (or alias) matching {@code query}, sorted by {@code sortField}: id -> external version and source. */
    Map<String, String> indexDocuments(String index, String sortField, String query) {
        JsonNode hits = elasticsearch("POST", "/" + index + "/_search", """
                {"size": 10000, "version": true, "sort": [{"%s": "asc"}], "query": %s}""".formatted(sortField, query))
                .at("/hits/hits");
        Map<String, String> documents = new LinkedHashMap<>();
        hits.forEach(hit -> documents.put(hit.get("_id").asText(), hit.get("_version").asLong() + " " + hit.get("_source")));
        return documents;
    }

    /**
     * The answers to {@code queries} (name -> path) as status and body. Relevance scores are left out of
     * search answers: they come from the index's term statistics, which count deleted documents until
     * segments merge, so a fresh index scores the same documents slightly differently; the hits and
     * their order are compared.
     */
    Map<String, String> answersWithoutScores(Map<String, String> queries) {
        Map<String, String> answers = new LinkedHashMap<>();
        queries.forEach((name, path) -> {
            Answer answer = get(path);
            String body = answer.response().body();
            if (answer.status() == 200 && path.startsWith("/api/v1/search/")) {
                body = withoutScores(answer.json()).toString();
            }
            answers.put(name, answer.status() + " " + body);
        });
        return answers;
    }

    /** A search answer without its items' relevance scores (see {@link #answersWithoutScores}). */
    static JsonNode withoutScores(JsonNode searchAnswer) {
        searchAnswer.get("items").forEach(item -> ((ObjectNode) item).remove("score"));
        return searchAnswer;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static Connection database() throws SQLException {
        return DriverManager.getConnection(SERVICES.endpoints().jdbcUrl(), SERVICES.endpoints().username(),
                SERVICES.endpoints().password());
    }

    /** Rows of a query on the shared database, each as column label -> value. */
    static List<Map<String, Object>> rows(String sql, Object... parameters) {
        try (Connection connection = database(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= result.getMetaData().getColumnCount(); c++) {
                        row.put(result.getMetaData().getColumnLabel(c), result.getObject(c));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The single value of a query that answers one row with one column. */
    static Object value(String sql, Object... parameters) {
        List<Map<String, Object>> rows = rows(sql, parameters);
        if (rows.size() != 1 || rows.getFirst().size() != 1) {
            throw new AssertionError("expected one value from " + sql + ", got " + rows);
        }
        return rows.getFirst().values().iterator().next();
    }

    /** The global position of the newest event in the event store (0 when empty). */
    static long lastEventPosition() {
        return ((Number) value("select coalesce(max(global_index), 0) from event_store.domain_event_entry")).longValue();
    }

    /** Events of one model in the event store: global position -> event identifier. */
    static Map<Long, String> storedEvents(String model) {
        Map<Long, String> events = new LinkedHashMap<>();
        rows("select global_index, event_identifier from event_store.domain_event_entry "
                + "where aggregate_identifier = ? order by global_index", model)
                .forEach(row -> events.put(((Number) row.get("global_index")).longValue(),
                        (String) row.get("event_identifier")));
        return events;
    }

    String registerModel(String name) {
        Answer answer = post("/api/v1/models", """
                {"name":"%s","description":"test model","owner_team":"risk","tags":{"team":"fraud"}}""".formatted(name));
        if (answer.status() != 201) {
            throw new AssertionError("model not registered: " + answer);
        }
        return name;
    }

    Answer registerVersion(String model, double accuracy) {
        return post("/api/v1/models/" + model + "/versions", versionBody(model, accuracy));
    }

    /** The body of a valid version registration: its artifact ({@link #DIGEST_A}) is uploaded first. */
    String versionBody(String model, double accuracy) {
        holdArtifactA();
        return """
                {"artifact":{"uri":"file:///models/%1$s/model.onnx","sha256":"%2$s"},
                 "framework":"xgboost","framework_version":"2.1.0",
                 "params":{"max_depth":"15","eta":"0.1"},"metrics":{"accuracy":%3$s,"f1":0.8},
                 "description":"a version of %1$s","tags":{"team":"fraud"},
                 "lineage":{"code_commit":"4f2a9c1","feature_graph_hash":"fg-12",
                            "data_window":["2026-01-01T00:00:00Z","2026-06-01T00:00:00Z"],
                            "datasets":[{"name":"tx-2026h1","sha256":"%4$s"}],"run_id":"run-1"}}
                """.formatted(model, DIGEST_A, accuracy, DIGEST_B);
    }

    /** Uploads {@code bytes} to the artifact store ({@code POST /api/v1/artifacts}) and answers their digest. */
    String uploadArtifactBytes(byte[] bytes) {
        Answer answer = send(HttpRequest.newBuilder(uri("/api/v1/artifacts"))
                .header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        if (answer.status() / 100 != 2) {
            throw new AssertionError("artifact not uploaded: " + answer);
        }
        return answer.json().get("sha256").asText();
    }

    /**
     * Uploads {@link #ARTIFACT_A} once per test JVM (one store per JVM): from then on versions reference
     * it, so the collector keeps it. Once only, so that no test sees an upload's event in the middle of
     * counting its own.
     */
    void holdArtifactA() {
        if (artifactAHeld) {
            return;
        }
        synchronized (RegistryIntegrationTest.class) {
            if (!artifactAHeld) {
                String digest = uploadArtifactBytes(ARTIFACT_A);
                if (!DIGEST_A.equals(digest)) {
                    throw new AssertionError("the store answered digest " + digest + " for ARTIFACT_A");
                }
                artifactAHeld = true;
            }
        }
    }

    /** Models a test created and the position of the last event it wrote. */
    record History(List<String> models, long lastPosition) {
    }

    /**
     * Three models with every kind of event: registrations with lineage parents, stage transitions
     * (with an archived incumbent and a restore), aliases assigned, moved and removed, an update, a
     * deleted version (taking its alias with it) and a deleted model.
     */
    History variedHistory(String prefix) {
        String a = registerModel(uniqueName(prefix + "-a"));
        String b = registerModel(uniqueName(prefix + "-b"));
        String c = registerModel(uniqueName(prefix + "-c"));
        List<Answer> answers = new ArrayList<>();
        answers.add(registerVersion(a, 0.90));
        answers.add(registerVersion(a, 0.92));
        answers.add(registerVersion(b, 0.80));
        answers.add(registerVersion(b, 0.81));
        answers.add(post("/api/v1/models/" + a + "/versions", versionBody(a, 0.94)
                .replace("\"run_id\":\"run-1\"", "\"run_id\":\"run-3\",\"parents\":[\"" + a + "@1\",\"" + b + "@1\"]")
                .replace("\"max_depth\":\"15\"", "\"max_depth\":\"17\"")));
        answers.add(registerVersion(c, 0.70));
        answers.add(post("/api/v1/models/" + a + "/versions/1:transition", "{\"stage\":\"Staging\"}"));
        answers.add(post("/api/v1/models/" + a + "/versions/1:transition", "{\"stage\":\"Production\",\"reason\":\"canary\"}"));
        answers.add(post("/api/v1/models/" + a + "/versions/2:transition", "{\"stage\":\"Staging\"}"));
        answers.add(put("/api/v1/models/" + a + "/aliases/champion", "{\"version\":1}"));
        answers.add(put("/api/v1/models/" + a + "/aliases/challenger", "{\"version\":2}"));
        answers.add(put("/api/v1/models/" + a + "/aliases/challenger", "{\"version\":3}"));
        answers.add(patch("/api/v1/models/" + a, "{\"description\":\"updated\",\"tags\":{\"team\":\"cards\"}}"));
        answers.add(delete("/api/v1/models/" + a + "/versions/3"));
        answers.add(post("/api/v1/models/" + a + "/versions/2:transition",
                "{\"stage\":\"Production\",\"archive_existing\":true}"));
        answers.add(post("/api/v1/models/" + a + "/versions/1:restore", "{\"reason\":\"second look\"}"));
        answers.add(put("/api/v1/models/" + b + "/aliases/shadow", "{\"version\":1}"));
        answers.add(delete("/api/v1/models/" + b + "/aliases/shadow"));
        answers.add(delete("/api/v1/models/" + b + "/versions/2"));
        answers.add(delete("/api/v1/models/" + c));
        for (Answer answer : answers) {
            if (answer.status() / 100 != 2) {
                throw new AssertionError("command refused: " + answer);
            }
        }
        return new History(List.of(a, b, c), answers.getLast().position());
    }

    record Answer(int status, HttpResponse<String> response) {

        Answer(HttpResponse<String> response) {
            this(response.statusCode(), response);
        }

        JsonNode json() {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + response.body(), e);
            }
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        long position() {
            String value = header("X-Registry-Position");
            if (value == null) {
                throw new AssertionError("no X-Registry-Position on " + this);
            }
            return Long.parseLong(value);
        }

        String contentType() {
            return header("content-type");
        }

        @Override
        public String toString() {
            return status + " " + response.body();
        }
    }
}
