package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Downloads over HTTP against the real local-disk store: files uploaded through the command side,
 * registered as a version, then read back by digest and by path, bit for bit, with the ETag,
 * conditional and range answers, the read models that describe them (version view, file list,
 * artifact metadata, audit, search), and hostile paths and digests, which are refused with
 * problem+json before anything reaches the store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArtifactDownloadTest extends RegistryIntegrationTest {

    private static final HttpClient RAW = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private String model;
    private byte[] weights;
    private String weightsDigest;
    private byte[] conda;
    private String condaDigest;
    private long position;

    @BeforeAll
    void aVersionOfTwoUploadedFiles() {
        weights = new byte[5 * 1024 * 1024 + 123]; // several copy buffers
        new Random(System.nanoTime()).nextBytes(weights);
        conda = ("name: fraud-" + System.nanoTime() + "\ndependencies: [python=3.12]\n").getBytes(StandardCharsets.UTF_8);
        weightsDigest = upload(weights, "application/octet-stream", "weights.bin").json().get("sha256").asText();
        Answer condaUpload = upload(conda, "application/yaml", "conda.yaml");
        condaDigest = condaUpload.json().get("sha256").asText();
        assertThat(weightsDigest).isEqualTo(sha256(weights));
        assertThat(condaDigest).isEqualTo(sha256(conda));

        model = registerModel(uniqueName("downloads"));
        Answer registered = post("/api/v1/models/" + model + "/versions", """
                {"artifact":{"uri":"s3://training/run-1/"},
                 "files":[{"path":"model/weights.bin","sha256":"%s","size":%d},
                          {"path":"conda.yaml","sha256":"%s"},
                          {"path":"models2/x.bin","sha256":"%s"}],
                 "framework":"onnx"}""".formatted(weightsDigest, weights.length, condaDigest, condaDigest));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        position = registered.position();
    }

    private Answer upload(byte[] bytes, String mediaType, String fileName) {
        Answer answer = send(HttpRequest.newBuilder(uri("/api/v1/artifacts"))
                .header("content-type", mediaType)
                .header("X-Artifact-Filename", fileName)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
        assertThat(answer.status()).as(answer.toString()).isIn(200, 201);
        return answer;
    }

    /** A GET answered as bytes, waiting for the read model to reach the version's registration. */
    private HttpResponse<byte[]> download(String path, String... headers) {
        String separator = path.contains("?") ? "&" : "?";
        return raw(URI.create(uri(path) + separator + "min_position=" + position), "GET", headers);
    }

    private HttpResponse<byte[]> raw(URI uri, String method, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("authorization", "Bearer " + adminToken())
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return RAW.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static JsonNode problem(HttpResponse<byte[]> response) {
        assertThat(header(response, "content-type")).as(new String(response.body(), StandardCharsets.UTF_8))
                .startsWith("application/problem+json");
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------ downloads

    @Test
    void aBlobDownloadsByDigestBitForBitWithItsDigestAsETag() {
        HttpResponse<byte[]> response = download("/api/v1/artifacts/" + weightsDigest);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(weights);
        assertThat(header(response, "etag")).isEqualTo("\"" + weightsDigest + "\"");
        assertThat(header(response, "content-length")).isEqualTo(Long.toString(weights.length));
        assertThat(header(response, "content-type")).isEqualTo("application/octet-stream");
        assertThat(header(response, "accept-ranges")).isEqualTo("bytes");
        assertThat(header(response, "x-content-type-options")).isEqualTo("nosniff");
        assertThat(header(response, "content-disposition"))
                .isEqualTo("attachment; filename=\"weights.bin\"; filename*=UTF-8''weights.bin");
        assertThat(Long.parseLong(header(response, "x-registry-position"))).isGreaterThanOrEqualTo(position);
    }

    @Test
    void aFileDownloadsByItsPathInTheVersionWithItsMediaTypeAndName() {
        HttpResponse<byte[]> weightsAnswer = download("/api/v1/models/" + model + "/versions/1/artifacts/model/weights.bin");
        assertThat(weightsAnswer.statusCode()).isEqualTo(200);
        assertThat(weightsAnswer.body()).isEqualTo(weights);
        assertThat(header(weightsAnswer, "content-disposition"))
                .isEqualTo("attachment; filename=\"weights.bin\"; filename*=UTF-8''weights.bin");

        HttpResponse<byte[]> condaAnswer = download("/api/v1/models/" + model + "/versions/1/artifacts/conda.yaml");
        assertThat(condaAnswer.statusCode()).isEqualTo(200);
        assertThat(condaAnswer.body()).isEqualTo(conda);
        assertThat(header(condaAnswer, "content-type")).isEqualTo("application/yaml");
        assertThat(header(condaAnswer, "etag")).isEqualTo("\"" + condaDigest + "\"");
    }

    @Test
    void aMatchingIfNoneMatchIsNotModified() {
        HttpResponse<byte[]> response = download("/api/v1/artifacts/" + weightsDigest, "If-None-Match",
                "\"" + weightsDigest + "\"");
        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
        assertThat(header(response, "etag")).isEqualTo("\"" + weightsDigest + "\"");
        assertThat(download("/api/v1/artifacts/" + weightsDigest, "If-None-Match", "\"" + condaDigest + "\"")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void rangesArePartialContent() {
        HttpResponse<byte[]> middle = download("/api/v1/models/" + model + "/versions/1/artifacts/model/weights.bin",
                "Range", "bytes=1048570-2097160");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(header(middle, "content-range")).isEqualTo("bytes 1048570-2097160/" + weights.length);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(weights, 1048570, 2097161));

        HttpResponse<byte[]> tail = download("/api/v1/artifacts/" + weightsDigest, "Range", "bytes=-1000");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(weights, weights.length - 1000, weights.length));

        HttpResponse<byte[]> rest = download("/api/v1/artifacts/" + weightsDigest, "Range", "bytes=5000000-");
        assertThat(rest.statusCode()).isEqualTo(206);
        assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(weights, 5_000_000, weights.length));

        HttpResponse<byte[]> several = download("/api/v1/artifacts/" + condaDigest, "Range", "bytes=0-1,4-5");
        assertThat(several.statusCode()).as("several ranges: the whole file").isEqualTo(200);
        assertThat(several.body()).isEqualTo(conda);
    }

    @Test
    void aRangeOutsideTheBlobIs416WithItsSize() {
        HttpResponse<byte[]> response = download("/api/v1/artifacts/" + condaDigest, "Range",
                "bytes=" + conda.length + "-");
        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(header(response, "content-range")).isEqualTo("bytes */" + conda.length);
        JsonNode problem = problem(response);
        assertThat(problem.get("code").asText()).isEqualTo("range_not_satisfiable");
        assertThat(problem.get("field").asText()).isEqualTo("Range");
        assertThat(problem.get("size").asLong()).isEqualTo(conda.length);
    }

    @Test
    void headAnswersTheHeadersOnly() {
        HttpResponse<byte[]> response = raw(uri("/api/v1/artifacts/" + weightsDigest + "?min_position=" + position),
                "HEAD");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(header(response, "content-length")).isEqualTo(Long.toString(weights.length));
        assertThat(header(response, "etag")).isEqualTo("\"" + weightsDigest + "\"");
    }

    // ------------------------------------------------------------------------------ read models

    @Test
    void theVersionTheFileListAndTheMetadataDescribeTheFiles() {
        JsonNode version = getAt("/api/v1/models/" + model + "/versions/1", position).json();
        assertThat(version.at("/artifact/uri").asText()).isEqualTo("s3://training/run-1/");
        assertThat(version.at("/artifact/sha256").asText()).hasSize(64);
        assertThat(version.get("files")).extracting(f -> f.get("path").asText())
                .containsExactly("conda.yaml", "model/weights.bin", "models2/x.bin");
        assertThat(version.at("/files/1/sha256").asText()).isEqualTo(weightsDigest);
        assertThat(version.at("/files/1/size").asLong()).isEqualTo(weights.length);

        JsonNode files = getAt("/api/v1/models/" + model + "/versions/1/artifacts?page_size=2", position).json();
        assertThat(files.get("items")).extracting(f -> f.get("path").asText()).containsExactly("conda.yaml",
                "model/weights.bin");
        assertThat(files.at("/items/1/download_url").asText())
                .isEqualTo("/api/v1/models/" + model + "/versions/1/artifacts/model/weights.bin");
        assertThat(files.at("/items/1/blob_url").asText()).isEqualTo("/api/v1/artifacts/" + weightsDigest);
        JsonNode next = get("/api/v1/models/" + model + "/versions/1/artifacts?page_size=2&page_token="
                + files.get("next_page_token").asText()).json();
        assertThat(next.get("items")).extracting(f -> f.get("path").asText()).containsExactly("models2/x.bin");

        JsonNode metadata = getAt("/api/v1/artifacts/" + condaDigest + "/metadata", position).json();
        assertThat(metadata.get("state").asText()).isEqualTo("stored");
        assertThat(metadata.get("size").asLong()).isEqualTo(conda.length);
        assertThat(metadata.get("media_type").asText()).isEqualTo("application/yaml");
        assertThat(metadata.get("file_name").asText()).isEqualTo("conda.yaml");
        assertThat(metadata.get("download_url").asText()).isEqualTo("/api/v1/artifacts/" + condaDigest);
    }

    @Test
    void uploadsAreInTheAuditLogUnderTheDigest() {
        JsonNode stored = getAt("/api/v1/audit?type=dev.modelregistry.artifact.stored&subject=sha256:" + weightsDigest,
                position).json().get("items");
        assertThat(stored).hasSize(1);
        JsonNode entry = stored.get(0);
        assertThat(entry.get("subject").asText()).isEqualTo("sha256:" + weightsDigest);
        assertThat(entry.get("model").isNull()).isTrue();
        assertThat(entry.at("/payload/sha256").asText()).isEqualTo(weightsDigest);
        assertThat(entry.at("/after/state").asText()).isEqualTo("stored");
        JsonNode all = getAt("/api/v1/audit?type=dev.modelregistry.artifact.stored&page_size=1000", position).json();
        assertThat(all.get("items")).extracting(i -> i.get("subject").asText())
                .contains("sha256:" + weightsDigest, "sha256:" + condaDigest);
    }

    @Test
    void searchFindsTheVersionsThatContainABlob() {
        JsonNode hits = getAt("/api/v1/search/versions?filter=" + java.net.URLEncoder.encode(
                "file = '" + weightsDigest + "'", StandardCharsets.UTF_8), position).json();
        assertThat(hits.get("items")).extracting(i -> i.get("id").asText()).containsExactly(model + "@1");
        JsonNode byPath = getAt("/api/v1/search/versions?filter=" + java.net.URLEncoder.encode(
                "model = '" + model + "' AND file_path = 'model/weights.bin'", StandardCharsets.UTF_8), position).json();
        assertThat(byPath.get("total_hits").asLong()).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------ hostile input

    static Stream<Arguments> hostilePaths() {
        return Stream.of(
                // literal dot segments, encoded line breaks and empty segments never reach a handler: the
                // request firewall refuses them before routing (no field to name)
                Arguments.of("dot segments (refused before routing)", "model/../conda.yaml", 400, "bad_request"),
                Arguments.of("encoded dot segments", "model/%2e%2e/conda.yaml", 400, "invalid_path"),
                Arguments.of("encoded dot segment alone", "%2e%2e", 400, "invalid_path"),
                Arguments.of("backslash", "model%5Cweights.bin", 400, "invalid_path"),
                Arguments.of("encoded NUL (refused by Tomcat before routing)", "conda.yaml%00.png", 400, "bad_request"),
                Arguments.of("line break (refused before routing)", "conda.yaml%0D%0AX-Evil:%201", 400, "bad_request"),
                Arguments.of("absolute (refused before routing)", "/etc/passwd", 400, "bad_request"),
                Arguments.of("encoded absolute", "%2Fetc%2Fpasswd", 400, "invalid_path"),
                Arguments.of("overlong", "a/".repeat(600) + "b", 400, "invalid_path"),
                Arguments.of("not NFC", "conda.yam%CC%81l", 400, "invalid_path"),
                Arguments.of("bidi override", "conda%E2%80%AE.yaml", 400, "invalid_path"),
                Arguments.of("trailing slash", "model/", 400, "invalid_path"),
                Arguments.of("directory of a file", "model", 404, "artifact_path_not_found"),
                Arguments.of("prefix trick", "models/x.bin", 404, "artifact_path_not_found"),
                Arguments.of("double-encoded dot segments (decoded once: a name)", "%252e%252e/conda.yaml", 404,
                        "artifact_path_not_found"),
                Arguments.of("case", "CONDA.yaml", 404, "artifact_path_not_found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostilePaths")
    void hostilePathsAreRefusedWithProblemJson(String description, String path, int status, String code) {
        HttpResponse<byte[]> response = raw(URI.create("http://127.0.0.1:" + port + "/api/v1/models/" + model
                + "/versions/1/artifacts/" + path), "GET");
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(status);
        JsonNode problem = problem(response);
        assertThat(problem.get("code").asText()).isEqualTo(code);
        if (!code.equals("bad_request")) {
            assertThat(problem.get("field").asText()).isEqualTo("path");
        }
        if (code.equals("invalid_path")) {
            assertThat(problem.get("reason").asText()).isNotBlank();
            assertThat(problem.get("detail").asText()).as("the path is not echoed").doesNotContain("passwd", "Evil");
        }
        assertThat(header(response, "etag")).as("no file is served").isNull();
        // (Spring's reflected-file-download guard may add "inline;filename=f.txt" to the problem answer)
        assertThat(response.headers().firstValue("content-disposition").orElse("")).doesNotStartWith("attachment");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).doesNotContain("dependencies");
    }

    @Test
    void thePrefixOfAnotherDirectoryIsNotThatDirectory() {
        HttpResponse<byte[]> response = download("/api/v1/models/" + model + "/versions/1/artifacts/models/x.bin");
        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode problem = problem(response);
        assertThat(problem.get("code").asText()).isEqualTo("artifact_path_not_found");
        assertThat(problem.get("field").asText()).isEqualTo("path");
        assertThat(download("/api/v1/models/" + model + "/versions/1/artifacts/models2/x.bin").body()).isEqualTo(conda);
    }

    static Stream<Arguments> badDigests() {
        return Stream.of(
                Arguments.of("too short", "abc", 400, "invalid_sha256"),
                Arguments.of("not hex", "z".repeat(64), 400, "invalid_sha256"),
                Arguments.of("too long", "0".repeat(65), 400, "invalid_sha256"),
                Arguments.of("encoded traversal", "..%2F..%2Fetc%2Fpasswd", 400, "invalid_sha256"),
                Arguments.of("encoded dot segment", "%2e%2e", 400, "invalid_sha256"),
                Arguments.of("prefixed", "sha256:" + "0".repeat(64), 400, "invalid_sha256"),
                Arguments.of("encoded NUL (refused by Tomcat before routing)", "0".repeat(63) + "%00", 400,
                        "bad_request"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badDigests")
    void badDigestsAreRefusedWithProblemJson(String description, String digest, int status, String code) {
        HttpResponse<byte[]> response = raw(URI.create("http://127.0.0.1:" + port + "/api/v1/artifacts/" + digest), "GET");
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(status);
        JsonNode problem = problem(response);
        assertThat(problem.get("code").asText()).isEqualTo(code);
        if (code.equals("invalid_sha256")) {
            assertThat(problem.get("field").asText()).isEqualTo("sha256");
        }
        assertThat(header(response, "etag")).isNull();
    }

    @Test
    void anUnknownDigestVersionOrModelIsNotFound() {
        String unknown = sha256(("nobody uploaded this " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
        JsonNode notHeld = problem(download("/api/v1/artifacts/" + unknown));
        assertThat(notHeld.get("code").asText()).isEqualTo("artifact_not_found");
        assertThat(notHeld.get("sha256").asText()).isEqualTo(unknown);
        assertThat(problem(download("/api/v1/artifacts/" + unknown + "/metadata")).get("code").asText())
                .isEqualTo("artifact_not_found");
        assertThat(problem(download("/api/v1/models/" + model + "/versions/9/artifacts/conda.yaml")).get("code")
                .asText()).isEqualTo("version_not_found");
        assertThat(problem(download("/api/v1/models/" + model + "-nope/versions/1/artifacts/conda.yaml")).get("code")
                .asText()).isEqualTo("model_not_found");
        assertThat(problem(download("/api/v1/models/" + model + "/versions/x/artifacts/conda.yaml")).get("field")
                .asText()).isEqualTo("version");
    }
}
