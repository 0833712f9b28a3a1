package dev.modelregistry.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelregistry.embedded.RegistryServices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every test that needs the real registry: the embedded PostgreSQL, Kafka and Elasticsearch
 * start once per test JVM ({@link RegistryServices#shared()}), and all subclasses share one Spring
 * context (same configuration, so Spring's test context cache reuses it), the standalone one.
 */
@SpringBootTest(classes = StandaloneRegistry.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class RegistryIntegrationTest {

    static final RegistryServices SERVICES = RegistryServices.shared();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DIGEST_A = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String DIGEST_B = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        StandaloneRegistry.springProperties(SERVICES.endpoints()).forEach((key, value) -> registry.add(key, () -> value));
    }

    /** A model name no other test uses. */
    static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
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

    /** GET that waits until the read models reached {@code position} (read-your-writes). */
    Answer getAt(String path, long position) {
        return get(path + (path.contains("?") ? "&" : "?") + "min_position=" + position);
    }

    Answer send(HttpRequest.Builder request) {
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

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static Connection database() throws SQLException {
        return DriverManager.getConnection(SERVICES.endpoints().jdbcUrl(), SERVICES.endpoints().username(),
                SERVICES.endpoints().password());
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
        return post("/api/v1/models/" + model + "/versions", """
                {"artifact":{"uri":"file:///models/%1$s/model.onnx","sha256":"%2$s"},
                 "framework":"xgboost","framework_version":"2.1.0",
                 "params":{"max_depth":"15","eta":"0.1"},"metrics":{"accuracy":%3$s,"f1":0.8},
                 "description":"a version of %1$s","tags":{"team":"fraud"},
                 "lineage":{"code_commit":"4f2a9c1","feature_graph_hash":"fg-12",
                            "data_window":["2026-01-01T00:00:00Z","2026-06-01T00:00:00Z"],
                            "datasets":[{"name":"tx-2026h1","sha256":"%4$s"}],"run_id":"run-1"}}
                """.formatted(model, DIGEST_A, accuracy, DIGEST_B));
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
