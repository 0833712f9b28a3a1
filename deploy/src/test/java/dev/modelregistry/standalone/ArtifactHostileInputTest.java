package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad and hostile uploads over HTTP against the real local-disk store: every refusal is
 * {@code application/problem+json} with a stable {@code code} and the header or field at fault, and
 * nothing stays behind: no blob under any digest, no staging object, no catalog row, no event.
 */
class ArtifactHostileInputTest extends ArtifactIntegrationTest {

    /** The problem answer's code and field, after checking it is problem+json with the right status. */
    static JsonNode problem(Answer answer, int status, String code, String field) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.get("code").asText()).isEqualTo(code);
        assertThat(problem.get("type").asText()).isEqualTo("https://modelregistry.dev/problems/" + code);
        if (field == null) {
            assertThat(problem.has("field")).as("no field in " + problem).isFalse();
        } else {
            assertThat(problem.get("field").asText()).isEqualTo(field);
        }
        assertThat(problem.toString()).doesNotContain("Exception").doesNotContain("dev.modelregistry.");
        return problem;
    }

    /** Nothing of {@code bytes} (or of a body that never arrived whole) stayed anywhere. */
    void assertNothingStored(String sha256, long eventsBefore) {
        assertThat(blobFile(sha256)).doesNotExist();
        assertThat(blobRow(sha256)).isNull();
        assertThat(artifactEvents(sha256)).isEmpty();
        assertThat(countArtifactEvents()).as("no artifact event at all").isEqualTo(eventsBefore);
        assertNoStagingLeftovers();
    }

    // ---------------------------------------------------------------------------- declarations that lie

    @Test
    void a_wrong_declared_digest_is_422_and_nothing_stays() {
        byte[] bytes = randomBytes(200_000);
        long before = countArtifactEvents();
        String claimed = sha256("something else".getBytes());
        JsonNode problem = problem(upload(bytes, "X-Artifact-Sha256", claimed), 422, "digest_mismatch",
                "X-Artifact-Sha256");
        assertThat(problem.get("declared_sha256").asText()).isEqualTo(claimed);
        assertThat(problem.get("actual_sha256").asText()).isEqualTo(sha256(bytes));
        assertNothingStored(sha256(bytes), before);
        assertNothingStored(claimed, before);
    }

    @Test
    void a_wrong_rfc9530_digest_names_its_header() {
        byte[] bytes = randomBytes(1000);
        long before = countArtifactEvents();
        problem(upload(bytes, "Repr-Digest", "sha-256=:" + java.util.Base64.getEncoder().encodeToString(new byte[32]) + ":"),
                422, "digest_mismatch", "Repr-Digest");
        assertNothingStored(sha256(bytes), before);
    }

    @Test
    void a_declared_size_shorter_than_the_body_is_422_and_nothing_stays() {
        byte[] bytes = randomBytes(100_000);
        long before = countArtifactEvents();
        // chunked, so that the server finds out while streaming
        Answer answer = send(HttpRequest.newBuilder(uri(ARTIFACTS)).header("X-Artifact-Size", "99999")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
        JsonNode problem = problem(answer, 422, "size_mismatch", "X-Artifact-Size");
        assertThat(problem.get("declared_size").asLong()).isEqualTo(99_999);
        assertNothingStored(sha256(bytes), before);
        assertNothingStored(sha256(Arrays.copyOf(bytes, 99_999)), before);
    }

    @Test
    void a_declared_size_longer_than_the_body_is_422_and_nothing_stays() {
        byte[] bytes = randomBytes(100_000);
        long before = countArtifactEvents();
        Answer answer = send(HttpRequest.newBuilder(uri(ARTIFACTS)).header("X-Artifact-Size", "100001")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
        problem(answer, 422, "size_mismatch", "X-Artifact-Size");
        assertNothingStored(sha256(bytes), before);
    }

    @Test
    void a_declared_size_that_contradicts_content_length_is_refused_before_reading() {
        byte[] bytes = randomBytes(1000);
        long before = countArtifactEvents();
        problem(upload(bytes, "X-Artifact-Size", "999"), 422, "size_mismatch", "X-Artifact-Size");
        assertNothingStored(sha256(bytes), before);
    }

    @Test
    void a_body_cut_off_mid_stream_leaves_nothing() {
        byte[] bytes = randomBytes(1024 * 1024);
        long before = countArtifactEvents();
        raw("POST " + ARTIFACTS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: " + bytes.length, Arrays.copyOf(bytes, 100 * 1024), true);
        // the server notices the broken connection and discards what it staged
        assertNoStagingLeftovers();
        assertNothingStored(sha256(bytes), before);
        assertNothingStored(sha256(Arrays.copyOf(bytes, 100 * 1024)), before);
        // and still answers the next upload
        byte[] next = randomBytes(10);
        assertThat(upload(next).status()).isEqualTo(201);
    }

    @Test
    void a_chunked_body_cut_off_mid_stream_leaves_nothing() {
        byte[] chunk = randomBytes(64 * 1024);
        long before = countArtifactEvents();
        String chunked = Integer.toHexString(chunk.length) + "\r\n";
        byte[] body = new byte[chunked.length() + chunk.length];
        System.arraycopy(chunked.getBytes(), 0, body, 0, chunked.length());
        System.arraycopy(chunk, 0, body, chunked.length(), chunk.length);
        raw("POST " + ARTIFACTS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked", body, true);
        assertNoStagingLeftovers();
        assertNothingStored(sha256(chunk), before);
    }

    // ------------------------------------------------------------------------------------- limits

    @Test
    void a_content_length_over_the_limit_is_413_before_a_byte_is_read() {
        long before = countArtifactEvents();
        String answer = rawHeadOnly("POST " + ARTIFACTS + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: " + (5L * 1024 * 1024 * 1024));
        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer).contains("application/problem+json").contains("\"code\":\"artifact_too_large\"")
                .contains("\"field\":\"Content-Length\"");
        assertThat(countArtifactEvents()).isEqualTo(before);
        assertNoStagingLeftovers();
    }

    @Test
    void a_chunked_body_over_the_limit_is_413_and_nothing_stays() {
        long before = countArtifactEvents();
        byte[] bytes = randomBytes((int) MAX_UPLOAD + 1);
        Answer answer = send(HttpRequest.newBuilder(uri(ARTIFACTS))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
        JsonNode problem = problem(answer, 413, "artifact_too_large", null);
        assertThat(problem.get("limit").asLong()).isEqualTo(MAX_UPLOAD);
        assertNothingStored(sha256(bytes), before);
    }

    @Test
    void a_declared_size_over_the_limit_is_413() {
        problem(upload(new byte[1], "X-Artifact-Size", Long.toString(MAX_UPLOAD + 1)), 413, "artifact_too_large",
                "X-Artifact-Size");
        problem(post(UPLOADS, "{\"size\":" + (MAX_UPLOAD + 1) + "}"), 413, "artifact_too_large", "size");
    }

    @Test
    void a_part_over_the_part_limit_is_413_and_the_session_keeps_no_part() {
        String id = post(UPLOADS, "").json().get("upload_id").asText();
        // announced by Content-Length: refused before a byte is read. Sent as headers only, because a
        // client that keeps sending a refused body may see the connection reset before it reads the 413
        String answer = rawHeadOnly("PUT " + UPLOADS + "/" + id + "/parts/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: " + (MAX_PART + 1));
        assertThat(answer).startsWith("HTTP/1.1 413");
        assertThat(answer).contains("application/problem+json").contains("\"code\":\"artifact_too_large\"")
                .contains("\"field\":\"Content-Length\"");
        // a client that asks first (Expect: 100-continue, as curl does for large bodies) is told without
        // being invited to send the body
        String asked = rawHeadOnly("PUT " + UPLOADS + "/" + id + "/parts/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/octet-stream\r\nExpect: 100-continue\r\nContent-Length: " + (MAX_PART + 1));
        assertThat(asked).startsWith("HTTP/1.1 413").contains("\"code\":\"artifact_too_large\"");
        Answer chunked = send(HttpRequest.newBuilder(uri(UPLOADS + "/" + id + "/parts/1"))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(randomBytes((int) MAX_PART + 1)))));
        problem(chunked, 413, "artifact_too_large", null);
        assertThat(get(UPLOADS + "/" + id).json().get("parts")).isEmpty();
    }

    @Test
    void parts_adding_up_to_more_than_the_upload_limit_are_413() {
        String id = post(UPLOADS, "").json().get("upload_id").asText();
        byte[] part = randomBytes((int) MAX_PART);
        int parts = (int) (MAX_UPLOAD / MAX_PART);
        for (int n = 1; n <= parts; n++) {
            assertThat(putPart(id, n, part).status()).isEqualTo(200);
        }
        problem(putPart(id, parts + 1, new byte[1]), 413, "artifact_too_large", "Content-Length");
        assertThat(delete(UPLOADS + "/" + id).status()).isEqualTo(204);
    }

    // -------------------------------------------------------------------------------- bad headers

    static Stream<Arguments> badHeaders() {
        String zero = java.util.Base64.getEncoder().encodeToString(new byte[32]);
        String one = java.util.Base64.getEncoder().encodeToString(new byte[] {1, 2, 3});
        return Stream.of(
                Arguments.of("X-Artifact-Sha256", "not-a-digest", "invalid_sha256", "X-Artifact-Sha256"),
                Arguments.of("X-Artifact-Sha256", "a".repeat(63), "invalid_sha256", "X-Artifact-Sha256"),
                Arguments.of("Repr-Digest", "sha-256=" + zero, "invalid_digest", "Repr-Digest"),
                Arguments.of("Repr-Digest", "sha-256=:" + one + ":", "invalid_digest", "Repr-Digest"),
                Arguments.of("Repr-Digest", "md5=:" + one + ":", "invalid_digest", "Repr-Digest"),
                Arguments.of("Digest", "MD5=" + one, "invalid_digest", "Digest"),
                Arguments.of("X-Artifact-Size", "-1", "invalid_size", "X-Artifact-Size"),
                Arguments.of("X-Artifact-Size", "1e6", "invalid_size", "X-Artifact-Size"),
                Arguments.of("X-Artifact-Size", "99999999999999999999", "invalid_size", "X-Artifact-Size"),
                Arguments.of("X-Artifact-Filename", "../../etc/passwd", "invalid_file_name", "X-Artifact-Filename"),
                Arguments.of("X-Artifact-Filename", "models/model.pkl", "invalid_file_name", "X-Artifact-Filename"),
                Arguments.of("X-Artifact-Filename", "..", "invalid_file_name", "X-Artifact-Filename"),
                Arguments.of("X-Artifact-Filename", "a\\b.bin", "invalid_file_name", "X-Artifact-Filename"),
                Arguments.of("X-Artifact-Filename", "UTF-8''a%00b", "invalid_file_name", "X-Artifact-Filename"),
                Arguments.of("X-Artifact-Filename", "UTF-8''a%0D%0Ab", "invalid_file_name", "X-Artifact-Filename"),
                Arguments.of("X-Artifact-Filename", "UTF-8''%E2%80%AEgnp.exe", "invalid_file_name", "X-Artifact-Filename"),
                Arguments.of("X-Artifact-Filename", "UTF-8''e%CC%81.bin", "invalid_file_name", "X-Artifact-Filename"),
                Arguments.of("X-Artifact-Filename", "UTF-8''%2e%2e%2fx", "invalid_file_name", "X-Artifact-Filename"),
                Arguments.of("X-Artifact-Filename", "x".repeat(256), "invalid_file_name", "X-Artifact-Filename"),
                Arguments.of("X-Artifact-Filename", "CON", "invalid_file_name", "X-Artifact-Filename"),
                Arguments.of("Content-Disposition", "attachment; filename=\"../x\"", "invalid_file_name",
                        "Content-Disposition"),
                Arguments.of("Content-Type", "not a media type", "invalid_media_type", "Content-Type"),
                Arguments.of("X-Correlation-Id", "bad id with spaces", "invalid_correlation_id", "X-Correlation-Id"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badHeaders")
    void bad_upload_headers_are_refused_before_reading_and_nothing_stays(String header, String value, String code,
                                                                        String field) {
        byte[] bytes = randomBytes(5000);
        long before = countArtifactEvents();
        problem(upload(bytes, header, value), 400, code, field);
        assertNothingStored(sha256(bytes), before);
    }

    @Test
    void digest_headers_that_disagree_are_refused() {
        byte[] bytes = randomBytes(10);
        problem(upload(bytes, "X-Artifact-Sha256", sha256(bytes), "Digest",
                "sha-256=" + java.util.Base64.getEncoder().encodeToString(new byte[32])), 400, "conflicting_digests",
                "Digest");
        assertThat(blobRow(sha256(bytes))).isNull();
    }

    @Test
    void a_control_character_in_a_raw_file_name_header_is_refused() {
        String answer = raw("POST " + ARTIFACTS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n"
                + "X-Artifact-Filename: a\u0001b", "abc".getBytes(), false);
        assertThat(answer).satisfiesAnyOf(
                text -> assertThat(text).startsWith("HTTP/1.1 400").contains("invalid_file_name"),
                // Tomcat itself may refuse a control character in a header value
                text -> assertThat(text).startsWith("HTTP/1.1 400"));
        assertThat(blobRow(sha256("abc".getBytes()))).isNull();
    }

    // --------------------------------------------------------------------------- upload sessions

    /** Ids that reach the application (decoded once by Tomcat/Spring) and are refused there. */
    static Stream<String> badUploadIds() {
        return Stream.of("not-a-uuid", "1-1-1-1-1", "%252e%252e", "..%2F..%2Fetc", "0b9a7d4e5f7e4a8b9a431f0cdb3e1e11",
                "0b9a7d4e-5f7e-4a8b-9a43-1f0cdb3e1e11x", "%E2%80%AE0b9a7d4e-5f7e-4a8b-9a43-1f0cdb3e1e11");
    }

    @ParameterizedTest
    @MethodSource("badUploadIds")
    void a_malformed_upload_id_is_400_and_never_reaches_the_file_system(String id) throws Exception {
        long entries = uploadEntries();
        problem(get(UPLOADS + "/" + id), 400, "invalid_upload_id", "upload_id");
        problem(putPart(id, 1, new byte[] {1}), 400, "invalid_upload_id", "upload_id");
        problem(post(UPLOADS + "/" + id + ":complete", ""), 400, "invalid_upload_id", "upload_id");
        problem(delete(UPLOADS + "/" + id), 400, "invalid_upload_id", "upload_id");
        assertThat(uploadEntries()).isEqualTo(entries);
    }

    /** Traversal that Tomcat already refuses or normalises away: a problem answer, and still nothing touched. */
    @ParameterizedTest
    @MethodSource("traversalUploadIds")
    void traversal_in_an_upload_id_never_reaches_the_file_system(String id) throws Exception {
        long entries = uploadEntries();
        for (Answer answer : java.util.List.of(get(UPLOADS + "/" + id), putPart(id, 1, new byte[] {1}),
                delete(UPLOADS + "/" + id))) {
            assertThat(answer.status()).as(answer.toString()).isIn(400, 404, 405);
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        assertThat(uploadEntries()).isEqualTo(entries);
    }

    static Stream<String> traversalUploadIds() {
        return Stream.of("..", "%2e%2e", "%00", "%2e%2e%2f%2e%2e%2fetc", "..;");
    }

    private long uploadEntries() throws java.io.IOException {
        try (var list = Files.list(storeRoot().resolve("uploads"))) {
            return list.count();
        }
    }

    @Test
    void an_unknown_upload_is_404() {
        String id = "0b9a7d4e-5f7e-4a8b-9a43-1f0cdb3e1e11";
        problem(get(UPLOADS + "/" + id), 404, "upload_not_found", "upload_id");
        problem(putPart(id, 1, new byte[] {1}), 404, "upload_not_found", "upload_id");
        problem(post(UPLOADS + "/" + id + ":complete", ""), 404, "upload_not_found", "upload_id");
        problem(delete(UPLOADS + "/" + id), 404, "upload_not_found", "upload_id");
        assertThat(uploadDirectory(id)).doesNotExist();
    }

    @ParameterizedTest
    @MethodSource("badPartNumbers")
    void a_part_number_outside_1_to_10000_is_400(String number) {
        String id = post(UPLOADS, "").json().get("upload_id").asText();
        problem(send(HttpRequest.newBuilder(uri(UPLOADS + "/" + id + "/parts/" + number))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1}))), 400, "invalid_part_number", "part_number");
        assertThat(get(UPLOADS + "/" + id).json().get("parts")).isEmpty();
    }

    static Stream<String> badPartNumbers() {
        return Stream.of("0", "10001", "-1", "01", "abc", "1.0", "99999999999999");
    }

    @Test
    void a_dot_segment_as_part_number_is_refused_before_routing_and_stores_nothing() {
        String id = post(UPLOADS, "").json().get("upload_id").asText();
        // a literal ".." segment never reaches a handler: the request firewall refuses it (no field to name)
        Answer answer = send(HttpRequest.newBuilder(uri(UPLOADS + "/" + id + "/parts/.."))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1})));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("code").asText()).isEqualTo("bad_request");
        assertThat(get(UPLOADS + "/" + id).json().get("parts")).isEmpty();
    }

    @Test
    void completing_with_parts_never_received_or_out_of_order_is_422() {
        String id = post(UPLOADS, "").json().get("upload_id").asText();
        problem(post(UPLOADS + "/" + id + ":complete", ""), 422, "invalid_parts", "parts");
        putPart(id, 1, randomBytes(10));
        putPart(id, 2, randomBytes(10));
        problem(post(UPLOADS + "/" + id + ":complete", "{\"parts\":[1,3]}"), 422, "invalid_parts", "parts[1]");
        problem(post(UPLOADS + "/" + id + ":complete", "{\"parts\":[2,1]}"), 422, "invalid_parts", "parts[1]");
        problem(post(UPLOADS + "/" + id + ":complete", "{\"parts\":[]}"), 422, "invalid_parts", "parts");
        problem(post(UPLOADS + "/" + id + ":complete", "{\"parts\":[\"1\"]}"), 400, "invalid_type", "parts[0]");
        // the session is still open and completes once asked correctly
        assertThat(post(UPLOADS + "/" + id + ":complete", "{\"parts\":[1,2]}").status()).isEqualTo(201);
    }

    @Test
    void an_assembled_upload_that_does_not_match_its_declared_digest_stores_nothing_and_stays_open() {
        byte[] part = randomBytes(2000);
        long before = countArtifactEvents();
        String claimed = sha256(new byte[] {42});
        String id = post(UPLOADS, "{\"sha256\":\"" + claimed + "\",\"size\":2000}").json().get("upload_id").asText();
        putPart(id, 1, part);
        JsonNode problem = problem(post(UPLOADS + "/" + id + ":complete", ""), 422, "digest_mismatch", "sha256");
        assertThat(problem.get("actual_sha256").asText()).isEqualTo(sha256(part));
        assertNothingStored(sha256(part), before);
        assertThat(get(UPLOADS + "/" + id).json().get("state").asText()).isEqualTo("open");
        assertThat(delete(UPLOADS + "/" + id).status()).isEqualTo(204);
    }

    @Test
    void an_assembled_upload_of_another_size_than_declared_stores_nothing() {
        byte[] part = randomBytes(2000);
        long before = countArtifactEvents();
        String id = post(UPLOADS, "{\"size\":2001}").json().get("upload_id").asText();
        putPart(id, 1, part);
        problem(post(UPLOADS + "/" + id + ":complete", ""), 422, "size_mismatch", "size");
        assertNothingStored(sha256(part), before);
    }

    static Stream<Arguments> badSessionBodies() {
        return Stream.of(
                Arguments.of("{\"sha256\":\"XYZ\"}", "invalid_sha256", "sha256"),
                Arguments.of("{\"sha256\":\"" + "A".repeat(64) + "\"}", "invalid_sha256", "sha256"),
                Arguments.of("{\"size\":-5}", "invalid_value", "size"),
                Arguments.of("{\"size\":\"5\"}", "invalid_type", "size"),
                Arguments.of("{\"media_type\":\"*/*\"}", "invalid_media_type", "media_type"),
                Arguments.of("{\"file_name\":\"../../x\"}", "invalid_file_name", "file_name"),
                Arguments.of("{\"file_name\":\"a\\u0000b\"}", "invalid_file_name", "file_name"),
                Arguments.of("{\"uploader\":\"mallory\"}", "unknown_field", "uploader"),
                Arguments.of("{\"sha256\":", "malformed_json", null));
    }

    @ParameterizedTest
    @MethodSource("badSessionBodies")
    void a_bad_session_request_is_400_and_starts_nothing(String body, String code, String field) {
        long sessions = ((Number) value("select count(*) from event_store.upload_session")).longValue();
        problem(post(UPLOADS, body), 400, code, field);
        assertThat(((Number) value("select count(*) from event_store.upload_session")).longValue()).isEqualTo(sessions);
    }

    @Test
    void a_bad_grace_period_is_400_and_collects_nothing() {
        for (String bad : new String[] {"yesterday", "-PT1S", "P1X"}) {
            problem(collect(bad), 400, "invalid_duration", "grace_period");
        }
    }
}
