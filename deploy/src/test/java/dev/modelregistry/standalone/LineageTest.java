package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The lineage DAG over HTTP: a dataset consumed by a run that produced a@1, an ensemble b@1 with parents
 * a@1 and c@1, a@1 promoted to Production. Upstream of b@1 reaches the dataset within three edges; the
 * dataset's impact lists a@1 (named directly, in Production) and b@1 (through its parent), and as of a
 * time before the promotion a@1 is not in Production; a caller of another namespace sees none of it; a
 * version naming itself as parent is refused; malformed nodes and parameters are problems naming them.
 */
class LineageTest extends RegistryIntegrationTest {

    @Test
    void upstreamReachesTheDatasetAndImpactListsDirectAndParentVersionsWithTheirProductionState()
            throws InterruptedException {
        String namespace = ensureNamespace("lin" + UUID.randomUUID().toString().substring(0, 8));
        String dataset = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
        String experimentId = experimentIn(namespace, "lineage");
        String run = answered(post("/api/v1/runs", JSON.createObjectNode().put("experiment_id", experimentId)
                .toString()), 201).json().get("run_id").asText();
        answered(post("/api/v1/runs/" + run + ":log-batch", """
                {"inputs":[{"name":"transactions","sha256":"%s","source":"s3://data/tx","context":"training"}]}"""
                .formatted(dataset)), 200);

        String a = registerModel(uniqueName(namespace + ".a"));
        String b = registerModel(uniqueName(namespace + ".b"));
        String c = registerModel(uniqueName(namespace + ".c"));
        answered(post("/api/v1/models/" + a + "/versions", lineage(a, "\"datasets\":[{\"name\":\"transactions\","
                + "\"sha256\":\"" + dataset + "\"}],\"run_id\":\"" + run + "\"")), 201);
        answered(post("/api/v1/models/" + c + "/versions", lineage(c, "\"datasets\":[]")), 201);
        answered(post("/api/v1/models/" + b + "/versions", lineage(b, "\"datasets\":[],\"parents\":[\"" + a
                + "@1\",\"" + c + "@1\"]")), 201);
        Thread.sleep(50);
        Instant beforePromotion = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Thread.sleep(50);
        answered(post("/api/v1/models/" + a + "/versions/1:transition", "{\"stage\":\"Staging\"}"), 200);
        long last = answered(post("/api/v1/models/" + a + "/versions/1:transition", "{\"stage\":\"Production\"}"),
                200).position();
        awaitProjected(last);

        // upstream of the ensemble: parents, the run, the dataset (b <- a <- run <- dataset)
        JsonNode graph = answered(get("/api/v1/lineage/" + node("version:" + b + "@1") + "?depth=3"), 200).json();
        assertThat(graph.get("root").asText()).isEqualTo("version:" + b + "@1");
        assertThat(ids(graph.get("nodes"))).contains("version:" + a + "@1", "version:" + c + "@1", "run:" + run,
                "dataset:" + dataset);
        assertThat(graph.get("edges").toString())
                .contains("{\"from\":\"version:" + a + "@1\",\"to\":\"version:" + b + "@1\",\"type\":\"parent\"}")
                .contains("{\"from\":\"run:" + run + "\",\"to\":\"version:" + a + "@1\",\"type\":\"produced\"}")
                .contains("{\"from\":\"dataset:" + dataset + "\",\"to\":\"run:" + run + "\",\"type\":\"input\"}");
        assertThat(graph.get("truncated").asBoolean()).isFalse();
        assertThat(ids(answered(get("/api/v1/lineage/" + node("version:" + b + "@1") + "?depth=1"), 200)
                .json().get("nodes"))).doesNotContain("dataset:" + dataset, "run:" + run);
        // downstream of the dataset: the run, a@1 and (through the parent edge) b@1
        assertThat(ids(answered(get("/api/v1/lineage/dataset:" + dataset + "?direction=downstream"), 200)
                .json().get("nodes"))).contains("run:" + run, "version:" + a + "@1", "version:" + b + "@1")
                .doesNotContain("version:" + c + "@1");

        // impact: a@1 directly and in Production, b@1 through its parent
        JsonNode impact = answered(get("/api/v1/lineage/impact?dataset=" + dataset), 200).json();
        assertThat(impact.get("versions").size()).isEqualTo(2);
        JsonNode direct = impact.at("/versions/0");
        assertThat(direct.get("model").asText()).isEqualTo(a);
        assertThat(direct.get("via").asText()).isEqualTo("trained_on");
        assertThat(direct.get("distance").asInt()).isEqualTo(1);
        assertThat(direct.get("in_production").asBoolean()).isTrue();
        assertThat(direct.get("was_in_production").asBoolean()).isTrue();
        JsonNode child = impact.at("/versions/1");
        assertThat(child.get("model").asText()).isEqualTo(b);
        assertThat(child.get("via").asText()).isEqualTo("parent");
        assertThat(child.get("distance").asInt()).isEqualTo(2);
        assertThat(child.get("in_production").asBoolean()).isFalse();

        // as of a time before the promotion: a@1 was not (yet) in Production
        JsonNode before = answered(get("/api/v1/lineage/impact?dataset=" + dataset + "&as_of=" + beforePromotion), 200)
                .json();
        assertThat(before.at("/versions/0/model").asText()).isEqualTo(a);
        assertThat(before.at("/versions/0/in_production").asBoolean()).isFalse();
        assertThat(before.at("/versions/0/was_in_production").asBoolean()).isFalse();

        // a viewer of the namespace sees it all; a caller of another namespace sees none of it
        String viewer = userWith(namespace, "viewer");
        assertThat(answered(as(viewer).get("/api/v1/lineage/impact?dataset=" + dataset), 200).json().get("versions")
                .size()).isEqualTo(2);
        String outsider = userWith(ensureNamespace("lino" + UUID.randomUUID().toString().substring(0, 8)), "viewer");
        assertThat(answered(as(outsider).get("/api/v1/lineage/impact?dataset=" + dataset), 200).json()
                .get("versions")).isEmpty();
        assertProblem(as(outsider).get("/api/v1/lineage/" + node("version:" + b + "@1")), 404, "node_not_found", "node");
        assertThat(ids(answered(as(outsider).get("/api/v1/lineage/dataset:" + dataset + "?direction=downstream"), 200)
                .json().get("nodes"))).containsExactly("dataset:" + dataset);
    }

    @Test
    void aVersionNamingItselfAsParentIsRefusedAsACycle() {
        String model = registerModel(uniqueName("selfish"));
        assertProblem(post("/api/v1/models/" + model + "/versions", lineage(model, "\"parents\":[\"" + model + "@1\"]")),
                409, "lineage_cycle", "lineage.parents");
        assertThat(get("/api/v1/models/" + model + "/versions/1").status()).isEqualTo(404);
    }

    @Test
    void malformedNodesAndParametersAreProblemsNamingThem() {
        assertProblem(get("/api/v1/lineage/model:x"), 400, "invalid_node", "node");
        assertProblem(get("/api/v1/lineage/" + node("version:x@0")), 400, "invalid_node", "node");
        assertProblem(get("/api/v1/lineage/" + node("dataset:' or 1=1 --")), 400, "invalid_node", "node");
        assertProblem(get("/api/v1/lineage/" + node("version:nowhere-" + UUID.randomUUID() + "@1")), 404, "node_not_found",
                "node");
        assertProblem(get("/api/v1/lineage/dataset:" + "0".repeat(64)), 404, "node_not_found", "node");
        assertProblem(get("/api/v1/lineage/dataset:" + "0".repeat(64) + "?depth=11"), 400, "invalid_parameter", "depth");
        assertProblem(get("/api/v1/lineage/dataset:" + "0".repeat(64) + "?direction=sideways"), 400, "invalid_parameter",
                "direction");
        assertProblem(get("/api/v1/lineage/impact?dataset=xyz"), 400, "invalid_sha256", "dataset");
        assertProblem(get("/api/v1/lineage/impact"), 400, "missing_parameter", "dataset");
        assertProblem(get("/api/v1/lineage/impact?dataset=" + "0".repeat(64) + "&as_of=yesterday"), 400, "invalid_as_of",
                "as_of");
        assertThat(answered(get("/api/v1/lineage/impact?dataset=" + "0".repeat(64)), 200).json().get("versions"))
                .isEmpty();
    }

    /** {@link #versionBody} with its lineage's datasets and run id replaced by {@code lineage}. */
    private String lineage(String model, String lineage) {
        String body = versionBody(model, 0.9);
        String replaced = body.replaceFirst("\"datasets\":\\[[^\\]]*\\],\"run_id\":\"run-1\"",
                java.util.regex.Matcher.quoteReplacement(lineage));
        assertThat(replaced).isNotEqualTo(body);
        return replaced;
    }

    private static String node(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<String> ids(JsonNode nodes) {
        List<String> ids = new ArrayList<>();
        nodes.forEach(n -> ids.add(n.get("id").asText()));
        return ids;
    }

    private static Answer answered(Answer answer, int status) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        return answer;
    }
}
