package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.artifact.BlobStore;
import dev.modelregistry.artifact.local.LocalBlobStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the artifact tests share: uploads with arbitrary headers, the local store's files (the tests run
 * against the real local-disk backend, under {@code target/test-artifacts}), the command side's catalog
 * rows and the artifact's events. Same Spring context as every other integration test.
 */
abstract class ArtifactIntegrationTest extends RegistryIntegrationTest {

    static final String ARTIFACTS = "/api/v1/artifacts";
    static final String UPLOADS = "/api/v1/artifact-uploads";
    /** registry.artifacts.max-upload-size and max-part-size in deploy/src/test/resources/config/application.yml. */
    static final long MAX_UPLOAD = 32L * 1024 * 1024;
    static final long MAX_PART = 4L * 1024 * 1024;
    static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @Autowired
    BlobStore blobStore;

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** POST /api/v1/artifacts with the body and the given header name/value pairs. */
    Answer upload(byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(ARTIFACTS)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    /** PUT one part of a resumable upload. */
    Answer putPart(String uploadId, int part, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(UPLOADS + "/" + uploadId + "/parts/" + part))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    /** Runs a garbage collection now with the given grace period (ISO-8601). */
    Answer collect(String gracePeriod) {
        return post("/api/v1/admin/artifacts:collect?grace_period=" + gracePeriod, "");
    }

    // ---------------------------------------------------------------------------------- the store

    Path storeRoot() {
        return ((LocalBlobStore) blobStore).root();
    }

    Path blobFile(String sha256) {
        return storeRoot().resolve("blobs").resolve("sha256").resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    /** Files in the store's staging directory (bytes being received or assembled). */
    List<Path> stagingFiles() {
        try (Stream<Path> files = Files.list(storeRoot().resolve("staging"))) {
            return files.toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    Path uploadDirectory(String uploadId) {
        return storeRoot().resolve("uploads").resolve(uploadId);
    }

    /** The staging directory becomes empty (a failed request may still be finishing when its answer arrives). */
    void assertNoStagingLeftovers() {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!stagingFiles().isEmpty() && System.nanoTime() < deadline) {
            pause(50);
        }
        assertThat(stagingFiles()).as("staging leftovers").isEmpty();
    }

    // --------------------------------------------------------------------------------- the catalog

    /** The command side's catalog row of a digest, or null. */
    static Map<String, Object> blobRow(String sha256) {
        List<Map<String, Object>> rows = rows("select sha256, size, media_type, file_name, state, storage_class "
                + "from event_store.artifact_blob where sha256 = ?", sha256);
        return rows.isEmpty() ? null : rows.getFirst();
    }

    /** The event types recorded for one blob, in order. */
    static List<String> artifactEvents(String sha256) {
        return rows("select payload_type from event_store.domain_event_entry where aggregate_identifier = ? "
                + "order by sequence_number", "sha256:" + sha256).stream()
                .map(row -> row.get("payload_type").toString().replace("dev.modelregistry.artifact.", "")).toList();
    }

    static long countArtifactEvents() {
        return ((Number) value("select count(*) from event_store.domain_event_entry where type = 'Artifact'"))
                .longValue();
    }

    // ---------------------------------------------------------------------------------- raw HTTP

    /**
     * Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and then
     * {@code body}; closes the connection after the body when {@code cutOff}, else reads the answer.
     *
     * @return the status line and headers and body as text, or null when cut off
     */
    String raw(String head, byte[] body, boolean cutOff) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((authorized(head) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            if (cutOff) {
                socket.setSoLinger(true, 0);
                return null;
            }
            socket.shutdownOutput();
            return readAll(socket.getInputStream());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The head with the admin's bearer token unless it carries an Authorization header already. */
    String authorized(String head) {
        return head.toLowerCase(java.util.Locale.ROOT).contains("\r\nauthorization:") ? head
                : head + "\r\nAuthorization: Bearer " + adminToken();
    }

    /** Sends only {@code head} and reads the answer without sending any body. */
    String rawHeadOnly(String head) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((authorized(head) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            // read the status line and headers, and whatever body comes with them
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                int read;
                try {
                    read = in.read(buffer);
                } catch (IOException e) {
                    break;
                }
                if (read < 0) {
                    break;
                }
                answer.write(buffer, 0, read);
                String text = answer.toString(StandardCharsets.ISO_8859_1);
                if (text.contains("\r\n\r\n") && text.contains("}")) {
                    break;
                }
            }
            return answer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
