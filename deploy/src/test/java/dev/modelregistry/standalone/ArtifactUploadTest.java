package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Uploads through HTTP against the real local-disk store: single requests and resumable sessions, the
 * {@code ArtifactStored} event in the event store and on Kafka, idempotence and concurrency.
 */
class ArtifactUploadTest extends ArtifactIntegrationTest {

    @Test
    void an_upload_is_stored_under_its_digest_recorded_once_and_published_to_kafka() throws Exception {
        byte[] bytes = randomBytes(300_000);
        String sha = sha256(bytes);

        Answer answer = upload(bytes, "content-type", "application/x-onnx", "X-Artifact-Sha256", sha,
                "X-Artifact-Filename", "model.onnx", "X-Correlation-Id", "upload-" + sha.substring(0, 8));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        JsonNode body = answer.json();
        assertThat(body.get("sha256").asText()).isEqualTo(sha);
        assertThat(body.get("size").asLong()).isEqualTo(bytes.length);
        assertThat(body.get("media_type").asText()).isEqualTo("application/x-onnx");
        assertThat(body.get("file_name").asText()).isEqualTo("model.onnx");
        assertThat(body.get("stored_at").asText()).isNotBlank();
        assertThat(answer.header("Location")).isEqualTo("/api/v1/artifacts/" + sha);
        assertThat(answer.header("ETag")).isEqualTo("\"" + sha + "\"");
        long position = answer.position();

        assertThat(Files.readAllBytes(blobFile(sha))).isEqualTo(bytes);
        assertThat(blobRow(sha)).containsEntry("state", "stored").containsEntry("size", (long) bytes.length)
                .containsEntry("media_type", "application/x-onnx").containsEntry("file_name", "model.onnx");
        assertThat(artifactEvents(sha)).containsExactly("stored");
        assertThat(value("select global_index from event_store.domain_event_entry where aggregate_identifier = ?",
                "sha256:" + sha)).isEqualTo(position);
        assertNoStagingLeftovers();

        List<KafkaTopic.Event> records = KafkaTopic.readUntil(SERVICES.endpoints().kafkaBootstrapServers(),
                event -> ("sha256:" + sha).equals(event.key()), found -> !found.isEmpty(), Duration.ofSeconds(30));
        assertThat(records).hasSize(1);
        KafkaTopic.Event record = records.getFirst();
        assertThat(record.header("ce_type")).isEqualTo("dev.modelregistry.artifact.stored");
        assertThat(record.header("ce_subject")).isEqualTo("sha256:" + sha);
        assertThat(record.header("ce_specversion")).isEqualTo("1.0");
        assertThat(record.header("ce_position")).isEqualTo(Long.toString(position));
        assertThat(record.header("ce_actor")).isEqualTo(ADMIN);
        assertThat(record.header("ce_correlationid")).isEqualTo("upload-" + sha.substring(0, 8));
        assertThat(record.header("content-type")).isEqualTo("application/json");
        JsonNode event = JSON.readTree(record.body());
        assertThat(event.get("sha256").asText()).isEqualTo(sha);
        assertThat(event.get("size").asLong()).isEqualTo(bytes.length);
        assertThat(event.get("media_type").asText()).isEqualTo("application/x-onnx");
        assertThat(event.get("file_name").asText()).isEqualTo("model.onnx");
        assertThat(event.get("uploader").asText()).isEqualTo(ADMIN);
    }

    @Test
    void the_same_bytes_uploaded_twice_are_stored_once_and_the_second_answer_is_200() {
        byte[] bytes = randomBytes(4096);
        String sha = sha256(bytes);
        Answer first = upload(bytes, "X-Artifact-Filename", "first.bin");
        Answer second = upload(bytes, "content-type", "text/plain", "X-Artifact-Filename", "second.bin");

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.header("Location")).isNull();
        assertThat(second.header("ETag")).isEqualTo("\"" + sha + "\"");
        assertThat(second.position()).as("the position of the blob's latest event").isEqualTo(first.position());
        assertThat(second.json()).as("the artifact as held").isEqualTo(first.json());
        assertThat(first.json().get("media_type").asText()).isEqualTo("application/octet-stream");
        assertThat(artifactEvents(sha)).containsExactly("stored");
        assertNoStagingLeftovers();
    }

    @Test
    void a_zero_byte_file_is_an_artifact_like_any_other() throws Exception {
        Answer answer = upload(new byte[0], "X-Artifact-Size", "0", "X-Artifact-Filename", "empty.txt");
        assertThat(answer.status()).as(answer.toString()).isIn(200, 201);
        assertThat(answer.json().get("sha256").asText()).isEqualTo(EMPTY_SHA256);
        assertThat(answer.json().get("size").asLong()).isZero();
        assertThat(Files.size(blobFile(EMPTY_SHA256))).isZero();
        assertThat(blobRow(EMPTY_SHA256)).containsEntry("state", "stored");
    }

    @Test
    void every_digest_header_form_is_checked_and_accepted_when_it_matches() {
        byte[] bytes = randomBytes(1000);
        String sha = sha256(bytes);
        String base64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha));
        Answer answer = upload(bytes, "Repr-Digest", "sha-512=:AAAA:, sha-256=:" + base64 + ":",
                "Digest", "SHA-256=" + base64, "X-Artifact-Sha256", sha.toUpperCase(),
                "X-Artifact-Size", Integer.toString(bytes.length));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(answer.json().get("sha256").asText()).isEqualTo(sha);
    }

    @Test
    void a_chunked_upload_without_content_length_is_streamed_and_stored() throws Exception {
        byte[] bytes = randomBytes(2 * 1024 * 1024 + 17);
        String sha = sha256(bytes);
        Answer answer = send(java.net.http.HttpRequest.newBuilder(uri(ARTIFACTS))
                .header("X-Artifact-Sha256", sha)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(bytes))));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(Files.readAllBytes(blobFile(sha))).isEqualTo(bytes);
    }

    @Test
    void a_client_that_asks_before_sending_its_body_is_invited_and_its_upload_stored() throws Exception {
        byte[] bytes = randomBytes(3 * 1024 * 1024);
        String sha = sha256(bytes);
        Answer answer = send(java.net.http.HttpRequest.newBuilder(uri(ARTIFACTS)).expectContinue(true)
                .header("X-Artifact-Sha256", sha)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes)));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(Files.readAllBytes(blobFile(sha))).isEqualTo(bytes);
    }

    @Test
    void a_multipart_or_form_content_type_is_stored_as_raw_bytes_not_parsed() throws Exception {
        byte[] multipart = ("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n\r\n"
                + "payload\r\n--x--\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Answer stored = upload(multipart, "content-type", "multipart/form-data; boundary=x");
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        assertThat(Files.readAllBytes(blobFile(sha256(multipart)))).isEqualTo(multipart);
        assertThat(stored.json().get("media_type").asText()).startsWith("multipart/form-data");

        byte[] form = ("a=" + "b".repeat(1000) + "&c=d").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Answer part = upload(form, "content-type", "application/x-www-form-urlencoded");
        assertThat(part.status()).as(part.toString()).isEqualTo(201);
        assertThat(Files.readAllBytes(blobFile(sha256(form)))).isEqualTo(form);
    }

    @Test
    void ten_concurrent_uploads_of_the_same_bytes_store_one_blob_with_one_event() throws Exception {
        byte[] bytes = randomBytes(1024 * 1024);
        String sha = sha256(bytes);
        int threads = 10;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Answer>> uploads = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            uploads.add(() -> {
                start.await();
                return upload(bytes, "X-Artifact-Sha256", sha);
            });
        }
        List<Answer> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Answer>> futures = uploads.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<Answer> future : futures) {
                answers.add(future.get());
            }
        }

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).as(answer.toString()).isIn(200, 201);
            assertThat(answer.json().get("sha256").asText()).isEqualTo(sha);
        });
        assertThat(answers.stream().filter(a -> a.status() == 201)).hasSize(1);
        assertThat(artifactEvents(sha)).containsExactly("stored");
        assertThat(Files.readAllBytes(blobFile(sha))).isEqualTo(bytes);
        assertNoStagingLeftovers();
    }

    @Test
    void a_resumable_upload_survives_a_broken_part_and_completes_with_the_declared_digest() throws Exception {
        byte[] part1 = randomBytes((int) MAX_PART);
        byte[] part2 = randomBytes(1_000_000);
        byte[] part3 = randomBytes(123);
        byte[] whole = concat(part1, part2, part3);
        String sha = sha256(whole);

        Answer started = post(UPLOADS, """
                {"sha256":"%s","size":%d,"media_type":"application/x-safetensors","file_name":"weights.safetensors"}"""
                .formatted(sha, whole.length));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        String id = started.json().get("upload_id").asText();
        assertThat(started.header("Location")).isEqualTo(UPLOADS + "/" + id);
        assertThat(started.json().get("max_part_size").asLong()).isEqualTo(MAX_PART);
        assertThat(started.json().get("expires_at").asText()).isNotBlank();

        Answer first = putPart(id, 1, part1, "X-Artifact-Sha256", sha256(part1));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().get("part_number").asInt()).isEqualTo(1);
        assertThat(first.json().get("size").asLong()).isEqualTo(part1.length);
        assertThat(first.json().get("sha256").asText()).isEqualTo(sha256(part1));

        // part 2's connection breaks after 100 KB: nothing of it counts
        raw("PUT " + UPLOADS + "/" + id + "/parts/2 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + part2.length,
                java.util.Arrays.copyOf(part2, 100_000), true);
        // a resend with damaged bytes is refused
        byte[] damaged = part2.clone();
        damaged[10] ^= 1;
        Answer refused = putPart(id, 2, damaged, "X-Artifact-Sha256", sha256(part2));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.json().get("code").asText()).isEqualTo("digest_mismatch");

        Answer state = get(UPLOADS + "/" + id);
        assertThat(state.status()).isEqualTo(200);
        assertThat(state.json().get("next_part_number").asInt()).as("resume after the last stored part").isEqualTo(2);
        assertThat(state.json().get("parts")).hasSize(1);
        assertThat(state.json().get("received_bytes").asLong()).isEqualTo(part1.length);

        assertThat(putPart(id, 2, part2, "X-Artifact-Sha256", sha256(part2)).status()).isEqualTo(200);
        assertThat(putPart(id, 3, part3).status()).isEqualTo(200);
        assertThat(get(UPLOADS + "/" + id).json().get("next_part_number").asInt()).isEqualTo(4);
        assertThat(artifactEvents(sha)).as("nothing stored before completion").isEmpty();

        Answer completed = post(UPLOADS + "/" + id + ":complete", "{}");
        assertThat(completed.status()).as(completed.toString()).isEqualTo(201);
        assertThat(completed.json().get("sha256").asText()).isEqualTo(sha);
        assertThat(completed.json().get("size").asLong()).isEqualTo(whole.length);
        assertThat(completed.json().get("media_type").asText()).isEqualTo("application/x-safetensors");
        assertThat(completed.json().get("file_name").asText()).isEqualTo("weights.safetensors");
        assertThat(completed.header("Location")).isEqualTo(ARTIFACTS + "/" + sha);
        assertThat(Files.readAllBytes(blobFile(sha))).isEqualTo(whole);
        assertThat(artifactEvents(sha)).containsExactly("stored");
        assertThat(uploadDirectory(id)).as("the parts are removed").doesNotExist();
        assertNoStagingLeftovers();

        Answer again = post(UPLOADS + "/" + id + ":complete", "");
        assertThat(again.status()).as("completing twice answers the artifact again").isEqualTo(200);
        assertThat(again.json().get("sha256").asText()).isEqualTo(sha);
        assertThat(putPart(id, 4, part3).json().get("code").asText()).isEqualTo("upload_not_open");
    }

    @Test
    void a_resumable_upload_of_named_parts_can_be_aborted_and_leaves_nothing() {
        String id = post(UPLOADS, "").json().get("upload_id").asText();
        assertThat(putPart(id, 1, randomBytes(1000)).status()).isEqualTo(200);
        assertThat(putPart(id, 2, randomBytes(1000)).status()).isEqualTo(200);
        assertThat(uploadDirectory(id)).exists();

        Answer aborted = delete(UPLOADS + "/" + id);
        assertThat(aborted.status()).as(aborted.toString()).isEqualTo(204);
        assertThat(uploadDirectory(id)).doesNotExist();
        Answer gone = get(UPLOADS + "/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.contentType()).startsWith("application/problem+json");
        assertThat(gone.json().get("code").asText()).isEqualTo("upload_not_found");
    }

    @Test
    void completing_with_a_subset_of_parts_assembles_exactly_those_in_order() throws Exception {
        byte[] one = randomBytes(500);
        byte[] two = randomBytes(600);
        byte[] three = randomBytes(700);
        String id = post(UPLOADS, "{\"media_type\":\"application/octet-stream\"}").json().get("upload_id").asText();
        putPart(id, 1, one);
        putPart(id, 2, two);
        putPart(id, 3, three);
        Answer completed = post(UPLOADS + "/" + id + ":complete", "{\"parts\":[1,3]}");
        assertThat(completed.status()).as(completed.toString()).isEqualTo(201);
        byte[] expected = concat(one, three);
        assertThat(completed.json().get("sha256").asText()).isEqualTo(sha256(expected));
        assertThat(Files.readAllBytes(blobFile(sha256(expected)))).isEqualTo(expected);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] whole = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, whole, offset, part.length);
            offset += part.length;
        }
        return whole;
    }
}
