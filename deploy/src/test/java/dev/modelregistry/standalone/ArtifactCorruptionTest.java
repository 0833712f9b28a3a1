package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.artifact.BlobStore;
import dev.modelregistry.artifact.local.LocalBlobStore;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A blob whose bytes on disk no longer match its digest (or that is gone) is never served, by
 * digest or by path, whole or in part: the answer is a problem naming the digest, and an
 * {@code ArtifactCorruptionDetected} event is recorded (on Kafka and in the audit log). Uploading
 * the original bytes again repairs it.
 */
class ArtifactCorruptionTest extends RegistryIntegrationTest {

    @Autowired
    BlobStore store;

    private record Registered(String model, String digest, byte[] bytes, long position) {
    }

    /** Unique bytes (so that no other test shares the blob), uploaded and registered as {@code model.bin}. */
    private Registered registeredFile(String prefix) {
        byte[] bytes = new byte[2 * 1024 * 1024 + 5];
        new Random(System.nanoTime()).nextBytes(bytes);
        Answer upload = send(HttpRequest.newBuilder(uri("/api/v1/artifacts"))
                .header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        assertThat(upload.status()).as(upload.toString()).isEqualTo(201);
        String digest = upload.json().get("sha256").asText();
        String model = registerModel(uniqueName(prefix));
        Answer version = post("/api/v1/models/" + model + "/versions",
                "{\"files\":[{\"path\":\"model.bin\",\"sha256\":\"" + digest + "\"}]}");
        assertThat(version.status()).as(version.toString()).isEqualTo(201);
        return new Registered(model, digest, bytes, version.position());
    }

    private Path blobFile(String digest) {
        return blobFile(store, digest);
    }

    /** Where the local store keeps a blob (its documented layout: blobs/sha256/&lt;2 hex&gt;/&lt;digest&gt;). */
    static Path blobFile(BlobStore store, String digest) {
        assertThat(store).as("the standalone registry runs on the local-disk store").isInstanceOf(LocalBlobStore.class);
        Path file = ((LocalBlobStore) store).root().resolve("blobs").resolve("sha256").resolve(digest.substring(0, 2))
                .resolve(digest);
        assertThat(file).isRegularFile();
        return file;
    }

    private HttpResponse<byte[]> download(String path, long position, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path + "?min_position=" + position)).GET()
                .header("authorization", "Bearer " + adminToken());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return java.net.http.HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertCorruptedProblem(HttpResponse<byte[]> response, String digest) throws IOException {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(body).isEqualTo(502);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("etag")).isEmpty();
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("code").asText()).isEqualTo("artifact_corrupted");
        assertThat(problem.get("type").asText()).isEqualTo("https://modelregistry.dev/problems/artifact_corrupted");
        assertThat(problem.get("sha256").asText()).isEqualTo(digest);
        assertThat(problem.get("detail").asText()).contains(digest);
    }

    /** The corruption events of one blob in the audit log, once the projection has them. */
    private JsonNode corruptionEvents(String digest, int expected) {
        AtomicReference<JsonNode> items = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode found = get("/api/v1/audit?type=dev.modelregistry.artifact.corruption-detected&subject=sha256:"
                    + digest).json().get("items");
            assertThat(found).hasSize(expected);
            items.set(found);
        });
        return items.get();
    }

    @Test
    void aTamperedBlobIsNeverServedAndItsCorruptionIsRecorded() throws IOException {
        Registered file = registeredFile("corrupt");
        byte[] tampered = file.bytes().clone();
        tampered[1_000_000] ^= 0x20; // one bit, same size
        Files.write(blobFile(file.digest()), tampered);

        assertCorruptedProblem(download("/api/v1/artifacts/" + file.digest(), file.position()), file.digest());
        assertCorruptedProblem(download("/api/v1/models/" + file.model() + "/versions/1/artifacts/model.bin",
                file.position()), file.digest());
        assertCorruptedProblem(download("/api/v1/artifacts/" + file.digest(), file.position(), "Range", "bytes=0-99"),
                file.digest());

        // recorded once (the command side ignores reports of a blob already known to be corrupted)
        JsonNode event = corruptionEvents(file.digest(), 1).get(0);
        assertThat(event.get("subject").asText()).isEqualTo("sha256:" + file.digest());
        assertThat(event.at("/payload/sha256").asText()).isEqualTo(file.digest());
        assertThat(event.at("/payload/expected_size").asLong()).isEqualTo(file.bytes().length);
        assertThat(event.at("/payload/observed_sha256").asText()).isEqualTo(ArtifactDownloadTest.sha256(tampered));
        assertThat(event.at("/payload/observed_size").asLong()).isEqualTo(tampered.length);
        assertThat(event.at("/payload/detected_by").asText()).isEqualTo("download");
        assertThat(event.at("/after/state").asText()).isEqualTo("corrupted");

        List<ConsumerRecord<String, byte[]>> records = KafkaTopic.records(SERVICES.endpoints().kafkaBootstrapServers());
        assertThat(records).filteredOn(r -> ("sha256:" + file.digest()).equals(r.key()))
                .extracting(r -> new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                .containsExactly("dev.modelregistry.artifact.stored", "dev.modelregistry.artifact.corruption-detected");

        long corruptedAt = event.get("position").asLong();
        JsonNode metadata = getAt("/api/v1/artifacts/" + file.digest() + "/metadata", corruptedAt).json();
        assertThat(metadata.get("state").asText()).isEqualTo("corrupted");
        assertThat(metadata.at("/corruption/observed_sha256").asText()).isEqualTo(ArtifactDownloadTest.sha256(tampered));

        // the original bytes uploaded again replace the damaged copy: served again
        Answer repair = send(HttpRequest.newBuilder(uri("/api/v1/artifacts"))
                .header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(file.bytes())));
        assertThat(repair.status()).as(repair.toString()).isIn(200, 201);
        assertThat(Files.readAllBytes(blobFile(file.digest()))).isEqualTo(file.bytes());
        HttpResponse<byte[]> served = download("/api/v1/models/" + file.model() + "/versions/1/artifacts/model.bin",
                repair.position());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).isEqualTo(file.bytes());
        assertThat(getAt("/api/v1/artifacts/" + file.digest() + "/metadata", repair.position()).json().get("state")
                .asText()).isEqualTo("stored");
    }

    @Test
    void aBlobThatVanishedFromTheStoreIsACorruptionToo() throws IOException {
        Registered file = registeredFile("vanished");
        Files.delete(blobFile(file.digest()));

        assertCorruptedProblem(download("/api/v1/models/" + file.model() + "/versions/1/artifacts/model.bin",
                file.position()), file.digest());

        JsonNode event = corruptionEvents(file.digest(), 1).get(0);
        assertThat(event.at("/payload/observed_sha256").isNull()).isTrue();
        assertThat(event.at("/payload/observed_size").isNull()).isTrue();
        assertThat(event.at("/payload/expected_size").asLong()).isEqualTo(file.bytes().length);
    }

    @Test
    void aBlobTruncatedOnDiskIsNotServedEvenForARangeItStillHas() throws IOException {
        Registered file = registeredFile("truncated");
        byte[] shorter = java.util.Arrays.copyOf(file.bytes(), file.bytes().length - 1);
        Files.write(blobFile(file.digest()), shorter);

        assertCorruptedProblem(download("/api/v1/artifacts/" + file.digest(), file.position(), "Range", "bytes=0-9"),
                file.digest());
        assertThat(corruptionEvents(file.digest(), 1).get(0).at("/payload/observed_size").asLong())
                .isEqualTo(shorter.length);
    }
}
