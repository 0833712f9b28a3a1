package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad and hostile input over HTTP: every refusal is RFC 9457 {@code application/problem+json} with the
 * stable {@code code} and the {@code field} at fault, and nothing changes (no event is written: no
 * version, and no manifest stored).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTest extends RegistryIntegrationTest {

    private static final String CYRILLIC_A = "\u0430";

    private String model;
    private long modelPosition;

    @BeforeAll
    void modelWithALiveAndADeletedVersion() {
        model = registerModel(uniqueName("hostile"));
        assertThat(registerVersion(model, 0.9).status()).isEqualTo(201);
        assertThat(registerVersion(model, 0.91).status()).isEqualTo(201);
        Answer deleted = delete("/api/v1/models/" + model + "/versions/2");
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        modelPosition = deleted.position();
    }

    // ------------------------------------------------------------------------------ model names

    static Stream<Arguments> badNames() {
        return Stream.of(
                Arguments.of("path separator", "a/b", "invalid_name"),
                Arguments.of("backslash", "a\\\\b", "invalid_name"),
                Arguments.of("parent directory", "..", "invalid_name"),
                Arguments.of("NUL character", "a\\u0000b", "invalid_name"),
                Arguments.of("line break", "a\\nb", "invalid_name"),
                Arguments.of("space", "a b", "invalid_name"),
                Arguments.of("Cyrillic look-alike", "fr" + CYRILLIC_A + "ud", "invalid_name"),
                Arguments.of("upper case", "Fraud", "invalid_name"),
                Arguments.of("overlong", "a".repeat(129), "invalid_name"),
                Arguments.of("empty", "", "required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badNames")
    void aModelNameThatIsNotPlainLowerCaseAsciiIsRefused(String description, String jsonName, String code) {
        assertRefused(() -> post("/api/v1/models", "{\"name\":\"" + jsonName + "\",\"owner_team\":\"risk\"}"),
                400, code, "name");
    }

    static Stream<Arguments> badPathNames() {
        return Stream.of(
                Arguments.of("encoded path separator", "a%2Fb"),
                Arguments.of("encoded backslash", "a%5Cb"),
                Arguments.of("encoded parent directory", "%2E%2E"),
                Arguments.of("encoded space", "a%20b"),
                Arguments.of("Cyrillic look-alike", "fr%D0%B0ud"),
                Arguments.of("upper case", "Fraud"),
                Arguments.of("overlong", "a".repeat(129)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPathNames")
    void aModelNameInThePathThatIsNotPlainLowerCaseAsciiIsRefused(String description, String segment) {
        assertRefused(() -> patch("/api/v1/models/" + segment, "{\"description\":\"changed\"}"), 400, "invalid_name",
                "name");
        assertRefused(() -> post("/api/v1/models/" + segment + "/versions", versionBody("x", 0.5)), 400,
                "invalid_name", "name");
    }

    /** Tomcat refuses an encoded NUL before routing: there is no field to name, but still a problem answer. */
    @Test
    void anEncodedNulInThePathIsRefusedBeforeRouting() {
        assertRefused(() -> patch("/api/v1/models/a%00b", "{\"description\":\"changed\"}"), 400, "bad_request", null);
        assertRefused(() -> post("/api/v1/models/" + model + "/versions/1%00:transition", "{\"stage\":\"Staging\"}"),
                400, "bad_request", null);
        assertRefused(() -> put("/api/v1/models/" + model + "/aliases/a%00b", "{\"version\":1}"), 400, "bad_request",
                null);
    }

    @Test
    void theLookAlikeOfAnExistingModelIsNotThatModel() {
        String original = registerModel("fraud-" + uniqueName("la"));
        String lookAlike = original.replaceFirst("a", CYRILLIC_A);
        assertRefused(() -> post("/api/v1/models/" + URLEncoder.encode(lookAlike, StandardCharsets.UTF_8)
                + "/versions", versionBody(lookAlike, 0.5)), 400, "invalid_name", "name");
        assertThat(storedEvents(original)).hasSize(1);
    }

    // ------------------------------------------------------------------------------ bodies

    @Test
    void aBodyLargerThanTheLimitIsRefusedWith413() {
        String large = "{\"name\":\"big\",\"owner_team\":\"risk\",\"description\":\"" + "x".repeat(1024 * 1024) + "\"}";
        assertRefused(() -> post("/api/v1/models", large), 413, "body_too_large", null);
        // without a Content-Length (chunked): counted while it is read
        assertRefused(() -> send(HttpRequest.newBuilder(uri("/api/v1/models/" + model + "/versions"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(large.getBytes(StandardCharsets.UTF_8))))), 413,
                "body_too_large", null);
    }

    @Test
    void deeplyNestedJsonIsRefused() {
        String deep = "[".repeat(100) + "]".repeat(100);
        assertRefused(() -> post("/api/v1/models/" + model + "/versions",
                versionBody(model, 0.5).replace("\"params\":{", "\"params\":{\"deep\":" + deep + ",")),
                400, "json_too_deep", null);
    }

    @Test
    void malformedJsonIsRefused() {
        assertRefused(() -> post("/api/v1/models", "{\"name\":\"half\","), 400, "malformed_json", null);
        assertRefused(() -> post("/api/v1/models", "{\"name\":\"a\",\"name\":\"b\",\"owner_team\":\"risk\"}"), 400,
                "malformed_json", null);
        assertRefused(() -> post("/api/v1/models/" + model + "/versions", ""), 400, "body_required", null);
        // a second document after the first is not a valid body either: nothing of the first is applied
        assertRefused(() -> post("/api/v1/models", "{\"name\":\"smuggled\",\"owner_team\":\"risk\"} {\"name\":\"other\"}"),
                400, "malformed_json", null);
        assertRefused(() -> post("/api/v1/models", "null"), 400, "malformed_json", null);
    }

    @Test
    void unknownFieldsAreRefused() {
        assertRefused(() -> post("/api/v1/models", "{\"name\":\"colourful\",\"owner_team\":\"risk\",\"colour\":\"red\"}"),
                400, "unknown_field", "colour");
        assertRefused(() -> post("/api/v1/models/" + model + "/versions", versionBody(model, 0.5)
                .replace("\"run_id\":", "\"actor\":\"mallory\",\"run_id\":")), 400, "unknown_field", "lineage.actor");
    }

    @Test
    void aContentTypeThatIsNotOneConcreteMediaTypeIsRefused() {
        for (String contentType : new String[] {"*/*", "application/*", "not a media type"}) {
            assertRefused(() -> send(HttpRequest.newBuilder(uri("/api/v1/models"))
                    .header("content-type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"wild\",\"owner_team\":\"risk\"}"))),
                    400, "invalid_media_type", "Content-Type");
        }
        assertRefused(() -> send(HttpRequest.newBuilder(uri("/api/v1/artifacts"))
                .header("content-type", "*/*")
                .POST(HttpRequest.BodyPublishers.ofString("bytes"))), 400, "invalid_media_type", "Content-Type");
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWith415() {
        assertRefused(() -> send(HttpRequest.newBuilder(uri("/api/v1/models"))
                .header("content-type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"plain\",\"owner_team\":\"risk\"}"))),
                415, "unsupported_media_type", null);
        assertRefused(() -> send(HttpRequest.newBuilder(uri("/api/v1/models/" + model + "/versions"))
                .header("content-type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("name=x"))), 415, "unsupported_media_type", null);
    }

    @Test
    void controlCharactersInTextFieldsAreRefused() {
        assertRefused(() -> post("/api/v1/models",
                "{\"name\":\"bell\",\"owner_team\":\"risk\",\"description\":\"ding\\u0007\"}"),
                400, "control_characters", "description");
        assertRefused(() -> post("/api/v1/models", "{\"name\":\"bell\",\"owner_team\":\"ri\\u0000sk\"}"),
                400, "control_characters", "owner_team");
        assertRefused(() -> post("/api/v1/models",
                "{\"name\":\"bell\",\"owner_team\":\"risk\",\"tags\":{\"k\\u0001\":\"v\"}}"), 400, "invalid_key", "tags");
    }

    // ------------------------------------------------------------------------------ versions

    static Stream<Arguments> badVersions() {
        return Stream.of(
                Arguments.of("non-numeric metric", (Consumer<ObjectNode>) v -> metrics(v).put("accuracy", "high"),
                        "not_a_number", "metrics.accuracy"),
                Arguments.of("boolean metric", (Consumer<ObjectNode>) v -> metrics(v).put("accuracy", true),
                        "not_a_number", "metrics.accuracy"),
                Arguments.of("metric 'NaN' as a string", (Consumer<ObjectNode>) v -> metrics(v).put("accuracy", "NaN"),
                        "not_a_number", "metrics.accuracy"),
                Arguments.of("metric beyond double range", (Consumer<ObjectNode>) v -> metrics(v).put("accuracy",
                        new java.math.BigDecimal("1e400")), "not_finite", "metrics.accuracy"),
                Arguments.of("upper-case sha256", (Consumer<ObjectNode>) v -> ((ObjectNode) v.get("artifact"))
                        .put("sha256", DIGEST_A.toUpperCase()), "invalid_sha256", "artifact.sha256"),
                Arguments.of("short sha256", (Consumer<ObjectNode>) v -> ((ObjectNode) v.get("artifact"))
                        .put("sha256", DIGEST_A.substring(1)), "invalid_sha256", "artifact.sha256"),
                Arguments.of("prefixed sha256", (Consumer<ObjectNode>) v -> ((ObjectNode) v.get("artifact"))
                        .put("sha256", "sha256:" + DIGEST_A), "invalid_sha256", "artifact.sha256"),
                Arguments.of("dataset sha256 not hex", (Consumer<ObjectNode>) v -> ((ObjectNode) v.at("/lineage/datasets/0"))
                        .put("sha256", "g".repeat(64)), "invalid_sha256", "lineage.datasets[0].sha256"),
                Arguments.of("artifact uri escaping upwards", (Consumer<ObjectNode>) v -> ((ObjectNode) v.get("artifact"))
                        .put("uri", "file:///models/../../etc/passwd"), "invalid_uri", "artifact.uri"),
                Arguments.of("relative artifact uri", (Consumer<ObjectNode>) v -> ((ObjectNode) v.get("artifact"))
                        .put("uri", "models/x.onnx"), "invalid_uri", "artifact.uri"),
                Arguments.of("data window from after to", (Consumer<ObjectNode>) v -> ((ObjectNode) v.get("lineage"))
                        .putArray("data_window").add("2026-06-01T00:00:00Z").add("2026-01-01T00:00:00Z"),
                        "invalid_data_window", "lineage.data_window"),
                Arguments.of("data window time without offset", (Consumer<ObjectNode>) v -> ((ObjectNode) v.get("lineage"))
                        .putArray("data_window").add("2026-01-01").add("2026-06-01T00:00:00Z"),
                        "invalid_time", "lineage.data_window[0]"),
                Arguments.of("parent not model@version", (Consumer<ObjectNode>) v -> ((ObjectNode) v.get("lineage"))
                        .putArray("parents").add("../x@1"), "invalid_parent", "lineage.parents[0]"),
                Arguments.of("param value an object", (Consumer<ObjectNode>) v -> ((ObjectNode) v.get("params"))
                        .putObject("nested"), "invalid_value", "params.nested"),
                Arguments.of("framework a number", (Consumer<ObjectNode>) v -> v.put("framework", 5),
                        "invalid_type", "framework"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badVersions")
    void anInvalidVersionIsRefusedAndNothingIsRegistered(String description, Consumer<ObjectNode> change, String code,
                                                         String field) throws IOException {
        ObjectNode body = (ObjectNode) JSON.readTree(versionBody(model, 0.5));
        change.accept(body);
        assertRefused(() -> post("/api/v1/models/" + model + "/versions", body.toString()), 400, code, field);
    }

    @Test
    void nanAndInfinityAreNotJsonNumbers() {
        for (String literal : new String[] {"NaN", "Infinity", "-Infinity"}) {
            assertRefused(() -> post("/api/v1/models/" + model + "/versions",
                    versionBody(model, 0.5).replace("\"f1\":0.8", "\"f1\":" + literal)), 400, "malformed_json", null);
        }
    }

    @Test
    void aVersionInThePathMustBeAPositiveWholeNumber() {
        for (String version : new String[] {"abc", "0", "-1", "1.5", "1e3", "99999999999", "%20"}) {
            assertRefused(() -> post("/api/v1/models/" + model + "/versions/" + version + ":transition",
                    "{\"stage\":\"Staging\"}"), 400, "invalid_version", "version");
            assertRefused(() -> delete("/api/v1/models/" + model + "/versions/" + version), 400, "invalid_version",
                    "version");
        }
    }

    @Test
    void anUnknownStageIsRefused() {
        for (String stage : new String[] {"Live", "prod", "", "Production\\u0000"}) {
            assertRefused(() -> post("/api/v1/models/" + model + "/versions/1:transition",
                    "{\"stage\":\"" + stage + "\"}"), 400, "invalid_stage", "stage");
        }
    }

    @Test
    void aDeletedVersionCannotBeTransitionedOrAliased() {
        assertRefused(() -> post("/api/v1/models/" + model + "/versions/2:transition", "{\"stage\":\"Staging\"}"),
                409, "version_deleted", "version");
        assertRefused(() -> put("/api/v1/models/" + model + "/aliases/champion", "{\"version\":2}"), 409,
                "version_deleted", "version");
        assertRefused(() -> delete("/api/v1/models/" + model + "/versions/2"), 409, "version_deleted", "version");
    }

    @Test
    void aMissingVersionCannotBeTransitionedOrAliased() {
        assertRefused(() -> post("/api/v1/models/" + model + "/versions/99:transition", "{\"stage\":\"Staging\"}"),
                404, "version_not_found", "version");
        assertRefused(() -> put("/api/v1/models/" + model + "/aliases/champion", "{\"version\":99}"), 404,
                "version_not_found", "version");
    }

    @Test
    void reservedAndMalformedAliasNamesAreRefused() {
        for (String alias : new String[] {"latest", "v1", "v42", "Champion", "1st", "a%2Fb", "a%5Cb", "ch%D0%B0mp"}) {
            assertRefused(() -> put("/api/v1/models/" + model + "/aliases/" + alias, "{\"version\":1}"), 400,
                    "alias_invalid", "alias");
        }
        assertRefused(() -> put("/api/v1/models/" + model + "/aliases/champion", "{\"version\":\"1\"}"), 400,
                "invalid_type", "version");
        assertRefused(() -> put("/api/v1/models/" + model + "/aliases/champion", "{\"version\":0}"), 400,
                "invalid_version", "version");
        assertRefused(() -> put("/api/v1/models/" + model + "/aliases/champion", "{\"version\":1.5}"), 400,
                "invalid_type", "version");
    }

    // ------------------------------------------------------------------------------ version files

    /** A body whose {@code files} are the given entries, each {@code [path, sha256]} or {@code [path, sha256, size]}. */
    private static String filesBody(Object[]... entries) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode files = body.putArray("files");
        for (Object[] entry : entries) {
            ObjectNode file = files.addObject().put("path", (String) entry[0]).put("sha256", (String) entry[1]);
            if (entry.length > 2) {
                file.put("size", (Long) entry[2]);
            }
        }
        return body.toString();
    }

    private static Object[] file(String path) {
        return new Object[] {path, DIGEST_A};
    }

    static Stream<Arguments> hostileManifests() {
        String unknown = "0".repeat(64);
        return Stream.of(
                Arguments.of("parent directory", filesBody(file("../x")), 400, "invalid_path", "files[0].path"),
                Arguments.of("parent directory inside", filesBody(file("a/../../x")), 400, "invalid_path",
                        "files[0].path"),
                Arguments.of("absolute path", filesBody(file("/etc/passwd")), 400, "invalid_path", "files[0].path"),
                Arguments.of("drive letter", filesBody(file("C:/Windows/x")), 400, "invalid_path", "files[0].path"),
                Arguments.of("backslash", filesBody(file("..\\x")), 400, "invalid_path", "files[0].path"),
                Arguments.of("NUL character", filesBody(file("model\u0000.pkl")), 400, "invalid_path",
                        "files[0].path"),
                Arguments.of("control character", filesBody(file("model\u001b[2J.pkl")), 400, "invalid_path",
                        "files[0].path"),
                Arguments.of("bidi override", filesBody(file("model\u202egnp.exe")), 400, "invalid_path",
                        "files[0].path"),
                Arguments.of("overlong path", filesBody(file("a/".repeat(512) + "b")), 400, "invalid_path",
                        "files[0].path"),
                Arguments.of("overlong name", filesBody(file("x".repeat(256))), 400, "invalid_path",
                        "files[0].path"),
                Arguments.of("not NFC (e + combining accent)", filesBody(file("cafe\u0301.bin")), 400,
                        "invalid_path", "files[0].path"),
                Arguments.of("Windows device name", filesBody(file("docs/CON.txt")), 400, "invalid_path",
                        "files[0].path"),
                Arguments.of("empty path", filesBody(file("")), 400, "required", "files[0].path"),
                Arguments.of("second entry at fault", filesBody(file("ok.bin"), file("./x")), 400, "invalid_path",
                        "files[1].path"),
                Arguments.of("duplicate path", filesBody(file("model.pkl"), file("conda.yaml"), file("model.pkl")),
                        400, "duplicate_path", "files[2].path"),
                Arguments.of("path both file and directory", filesBody(file("model"), file("model/weights.bin")),
                        400, "path_conflict", "files[1].path"),
                Arguments.of("no files", "{\"files\":[]}", 400, "required", "files"),
                Arguments.of("1,001 files", filesBody(IntStream.range(0, 1001).mapToObj(i -> file("f" + i))
                        .toArray(Object[][]::new)), 400, "too_many", "files"),
                Arguments.of("negative size", filesBody(new Object[] {"m.bin", DIGEST_A, -1L}), 400,
                        "invalid_value", "files[0].size"),
                Arguments.of("digest with files", "{\"artifact\":{\"sha256\":\"" + DIGEST_A + "\"},"
                        + filesBody(file("m.bin")).substring(1), 400, "conflicting_field", "artifact.sha256"),
                Arguments.of("neither files nor artifact", "{\"framework\":\"sklearn\"}", 400, "required", "files"),
                Arguments.of("unknown digest", filesBody(file("ok.bin"), new Object[] {"weights.bin", unknown}), 422,
                        "artifact_not_found", "files[1].sha256"),
                Arguments.of("unknown artifact digest", "{\"artifact\":{\"sha256\":\"" + unknown + "\"}}", 422,
                        "artifact_not_found", "artifact.sha256"),
                Arguments.of("size that lies", filesBody(new Object[] {"m.bin", DIGEST_A, ARTIFACT_A.length + 1L}),
                        422, "artifact_size_mismatch", "files[0].size"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileManifests")
    void aHostileManifestIsRefusedAndNothingIsRegisteredOrStored(String description, String body, int status,
                                                                 String code, String field) {
        holdArtifactA();
        assertRefused(() -> post("/api/v1/models/" + model + "/versions", body), status, code, field);
    }

    @Test
    void everyFileTheStoreDoesNotHoldIsListed() {
        String first = "1".repeat(64);
        String second = "2".repeat(64);
        holdArtifactA();
        long before = lastEventPosition();
        Answer answer = post("/api/v1/models/" + model + "/versions",
                filesBody(new Object[] {"a", first}, file("b"), new Object[] {"c", second}));
        assertProblemExactly(answer, 422, "artifact_not_found", "files[0].sha256");
        JsonNode errors = answer.json().get("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(1).get("field").asText()).isEqualTo("files[2].sha256");
        assertThat(errors.get(1).get("detail").asText()).contains(second);
        assertThat(lastEventPosition()).isEqualTo(before);
    }

    /**
     * A path is never URL-decoded (the JSON body is not a URL): {@code %2e%2e} is a directory literally
     * named so, accepted and recorded exactly as sent, never as {@code ..}.
     */
    @Test
    void aPercentEncodedTraversalIsALiteralNameNeverDecoded() {
        String literal = registerModel(uniqueName("literal"));
        holdArtifactA();
        Answer answer = post("/api/v1/models/" + literal + "/versions",
                filesBody(file("%2e%2e/x"), file("%252e%252e/y"), file("..%2fz")));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(answer.json().get("files")).extracting(f -> f.get("path").asText())
                .containsExactly("%252e%252e/y", "%2e%2e/x", "..%2fz");
    }

    // ------------------------------------------------------------------------------ queries

    @Test
    void anInvalidSearchFilterNamesTheFilter() {
        for (String filter : new String[] {"metrics.accuracy >= 'high'", "stage = 'Live'", "model = 'x';",
                "tags.`a*` = 'x'", "(stage = 'None'", "x".repeat(5000)}) {
            Answer answer = get("/api/v1/search/versions?filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
            assertProblemExactly(answer, 400, "invalid_filter", "filter");
        }
        assertProblemExactly(get("/api/v1/search/versions?order_by=" + URLEncoder.encode("metrics.f1 SIDEWAYS",
                StandardCharsets.UTF_8)), 400, "invalid_order_by", "order_by");
    }

    @Test
    void anInvalidMinPositionIsRefused() {
        for (String value : new String[] {"abc", "-5", "0", "1.5", "99999999999999999999"}) {
            assertProblemExactly(get("/api/v1/models/" + model + "?min_position=" + value), 400, "invalid_parameter",
                    "min_position");
        }
        assertProblemExactly(send(HttpRequest.newBuilder(uri("/api/v1/models/" + model))
                .header("X-Registry-Min-Position", "soon").GET()), 400, "invalid_parameter", "X-Registry-Min-Position");
    }

    @Test
    void invalidQueryParametersNameTheParameter() {
        assertProblemExactly(getAt("/api/v1/models/" + model + "/versions/abc", modelPosition), 400, "invalid_parameter",
                "version");
        assertProblemExactly(getAt("/api/v1/models/" + model + "/versions?stage=Live", modelPosition), 400,
                "invalid_parameter", "stage");
        assertProblemExactly(getAt("/api/v1/audit?type=dev.modelregistry.model.renamed", modelPosition), 400,
                "invalid_parameter", "type");
        assertProblemExactly(getAt("/api/v1/models/" + model + "/versions?page_size=-1", modelPosition), 400,
                "invalid_parameter", "page_size");
        assertProblemExactly(getAt("/api/v1/models?page_token=forged", modelPosition), 400, "invalid_page_token",
                "page_token");
    }

    // ------------------------------------------------------------------------------ helpers

    private static ObjectNode metrics(ObjectNode version) {
        return (ObjectNode) version.get("metrics");
    }

    @Test
    void aDotSegmentAsAliasIsRefusedBeforeRoutingAndChangesNothing() {
        // a literal ".." segment never reaches a handler: the request firewall refuses it (no field to name)
        long before = lastEventPosition();
        Answer answer = put("/api/v1/models/" + model + "/aliases/..", "{\"version\":1}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("code").asText()).isEqualTo("bad_request");
        assertThat(lastEventPosition()).isEqualTo(before);
    }

    /** The answer is the problem described, and no event was written. */
    private void assertRefused(Supplier<Answer> request, int status, String code, String field) {
        long before = lastEventPosition();
        int modelEvents = storedEvents(model).size();
        assertProblemExactly(request.get(), status, code, field);
        assertThat(lastEventPosition()).as("no event written").isEqualTo(before);
        assertThat(storedEvents(model)).hasSize(modelEvents);
    }

    /** {@link #assertProblem}, and a null {@code field} means the answer names none. */
    private static void assertProblemExactly(Answer answer, int status, String code, String field) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.path("code").asText()).as(answer.toString()).isEqualTo(code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).isEqualTo("https://modelregistry.dev/problems/" + code);
        if (field == null) {
            assertThat(problem.has("field")).as(answer.toString()).isFalse();
        } else {
            assertThat(problem.path("field").asText()).as(answer.toString()).isEqualTo(field);
        }
    }
}
