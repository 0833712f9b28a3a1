package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The governance reads over HTTP after the governance commands: the promotion policy (now and as of),
 * the promotion evidence of a version (report, request, refusal with its failed checks, approval,
 * promotion), the traffic shares of GET /production through a canary, its finalization and a rollback
 * (also as of a time during the canary), orphaned models (listing and model view, as of before the
 * orphaning), the evaluators listing, and one model's audit history readable with READ in its namespace
 * while the whole log still needs AUDIT.
 */
class GovernanceReadTest extends RegistryIntegrationTest {

    @Test
    void promotionEvidenceCanaryRollbackAndOrphansAreQueryable() throws Exception {
        String namespace = ensureNamespace("gov" + UUID.randomUUID().toString().substring(0, 8));
        String model = registerModel(namespace + ".scorer");
        assertThat(registerVersion(model, 0.9).status()).isEqualTo(201);
        assertThat(registerVersion(model, 0.92).status()).isEqualTo(201);

        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String evaluator = uniqueName("eval");
        succeeded(post("/api/v1/admin/evaluators", JSON.createObjectNode().put("evaluator", evaluator)
                .put("public_key", Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()))
                .put("description", "CI evaluator").toString()));

        TestUser reviewer = createUser("rev");
        grant(reviewer.username(), namespace, "reviewer");
        String reviewerToken = login(reviewer.username(), reviewer.password());
        long policyAt = succeeded(put("/api/v1/models/" + model + "/promotion-policy", """
                {"thresholds":[{"metric":"accuracy","min":0.5}],"no_regression":[],
                 "require_evaluation_report":true,"required_approvals":1,"approvers":["%s"]}"""
                .formatted(reviewer.username()))).position();

        // version 1: refused without approval, then approved and promoted
        String report1 = attachReport(model, 1, evaluator, keys);
        String request1 = succeeded(post(versionPath(model, 1) + ":request-promotion",
                "{\"evaluation_report_id\":\"" + report1 + "\"}")).json().get("request_id").asText();
        Answer refused = post(versionPath(model, 1) + ":promote", "{\"evaluation_report_id\":\"" + report1 + "\"}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        succeeded(as(reviewerToken).post(versionPath(model, 1) + ":approve", "{\"request_id\":\"" + request1 + "\"}"));
        succeeded(post(versionPath(model, 1) + ":promote", "{\"evaluation_report_id\":\"" + report1 + "\"}"));

        // version 2 as a 20 % canary, then finalized, then rolled back to version 1
        String report2 = attachReport(model, 2, evaluator, keys);
        String request2 = succeeded(post(versionPath(model, 2) + ":request-promotion",
                "{\"canary_pct\":20,\"evaluation_report_id\":\"" + report2 + "\"}")).json().get("request_id").asText();
        succeeded(as(reviewerToken).post(versionPath(model, 2) + ":approve", "{\"request_id\":\"" + request2 + "\"}"));
        long canaryAt = succeeded(post(versionPath(model, 2) + ":promote",
                "{\"canary_pct\":20,\"evaluation_report_id\":\"" + report2 + "\"}")).position();
        awaitProjected(canaryAt);
        assertThat(shares(getAt("/api/v1/production?page_size=1000", canaryAt).json(), model))
                .isEqualTo(Map.of(1, 80, 2, 20));
        Instant duringCanary = Instant.now();
        Thread.sleep(20); // the next events are later than duringCanary
        long finalizedAt = succeeded(post(versionPath(model, 2) + ":finalize", "{}")).position();
        assertThat(shares(getAt("/api/v1/production?page_size=1000", finalizedAt).json(), model))
                .isEqualTo(Map.of(2, 100));
        Answer rolledBack = succeeded(post("/api/v1/models/" + model + ":rollback", "{\"reason\":\"bad canary\"}"));
        assertThat(shares(getAt("/api/v1/production?page_size=1000", rolledBack.position()).json(), model))
                .isEqualTo(Map.of(1, 100));
        assertThat(shares(get("/api/v1/production?page_size=1000&as_of=" + duringCanary).json(), model))
                .isEqualTo(Map.of(1, 80, 2, 20));

        // the evidence of version 1
        JsonNode evidence = getAt(versionPath(model, 1) + "/promotions", rolledBack.position()).json();
        assertThat(evidence.get("evaluation_reports").get(0).get("report_id").asText()).isEqualTo(report1);
        assertThat(evidence.get("evaluation_reports").get(0).get("evaluator").asText()).isEqualTo(evaluator);
        assertThat(evidence.get("requests").get(0).get("request_id").asText()).isEqualTo(request1);
        assertThat(evidence.get("refusals").get(0).get("failed_checks").toString()).contains("approvals_missing");
        assertThat(evidence.get("approvals").get(0).get("approver").asText()).isEqualTo(reviewer.username());
        assertThat(evidence.get("promotions").get(0).get("approvers").toString()).contains(reviewer.username());
        assertThat(evidence.get("promotions").get(0).get("policy_version").asInt()).isEqualTo(1);
        assertThat(evidence.get("rollbacks").get(0).get("to_version").asInt()).isEqualTo(1);
        JsonNode evidence2 = get(versionPath(model, 2) + "/promotions").json();
        assertThat(evidence2.get("promotions").get(0).get("canary_percent").asInt()).isEqualTo(20);
        assertThat(evidence2.get("promotions").get(0).get("incumbent").asInt()).isEqualTo(1);

        // the policy: on the model view and on its own, now and as of before it was set
        JsonNode view = get("/api/v1/models/" + model).json();
        assertThat(view.get("owner_team").asText()).isEqualTo("risk");
        assertThat(view.get("orphaned").asBoolean()).isFalse();
        assertThat(view.at("/promotion_policy/policy_version").asInt()).isEqualTo(1);
        assertThat(view.at("/promotion_policy/approvers").toString()).contains(reviewer.username());
        assertThat(view.get("deprecation").get("expired_at").isNull()).isTrue();
        JsonNode policy = get("/api/v1/models/" + model + "/promotion-policy").json();
        assertThat(policy.at("/thresholds/0/metric").asText()).isEqualTo("accuracy");
        assertThat(policy.get("require_evaluation_report").asBoolean()).isTrue();
        Instant beforePolicy = Instant.parse(get("/api/v1/models/" + model).json().get("created_at").asText());
        Answer noPolicy = get("/api/v1/models/" + model + "/promotion-policy?as_of=" + beforePolicy);
        assertThat(noPolicy.status()).as(noPolicy.toString()).isEqualTo(404);
        assertThat(noPolicy.contentType()).startsWith("application/problem+json");
        assertThat(noPolicy.json().get("code").asText()).isEqualTo("promotion_policy_not_found");
        assertThat(policyAt).isPositive();

        // orphaned: its owner team becomes one without members
        Instant beforeOrphaned = Instant.now();
        Thread.sleep(20);
        String emptyTeam = ensureNamespace("empty" + UUID.randomUUID().toString().substring(0, 8));
        long reassigned = succeeded(post("/api/v1/models/" + model + ":reassign-owner",
                "{\"owner_team\":\"" + emptyTeam + "\"}")).position();
        awaitProjected(reassigned);
        JsonNode orphan = get("/api/v1/models/" + model).json();
        assertThat(orphan.get("owner_team").asText()).isEqualTo(emptyTeam);
        assertThat(orphan.get("orphaned").asBoolean()).isTrue();
        assertThat(names(get("/api/v1/models?orphaned=true&page_size=1000").json())).contains(model);
        assertThat(names(get("/api/v1/models?orphaned=true&page_size=1000&as_of=" + beforeOrphaned).json()))
                .doesNotContain(model);
        JsonNode before = get("/api/v1/models/" + model + "?as_of=" + beforeOrphaned).json();
        assertThat(before.get("owner_team").asText()).isEqualTo("risk");
        assertThat(before.get("orphaned").asBoolean()).isFalse();
        assertThat(names(get("/api/v1/models?expired=true&page_size=1000").json())).doesNotContain(model);

        // evaluators: any signed-in principal lists them, public keys included
        String viewer = userWith(namespace, "viewer");
        JsonNode evaluators = as(viewer).get("/api/v1/admin/evaluators?page_size=1000").json();
        JsonNode listed = null;
        for (JsonNode item : evaluators.get("items")) {
            if (item.get("evaluator").asText().equals(evaluator)) {
                listed = item;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("public_key").asText()).isNotEmpty();
        assertThat(listed.get("revoked").asBoolean()).isFalse();
    }

    @Test
    void oneModelsAuditHistoryNeedsReadInItsNamespaceAndTheWholeLogNeedsAudit() {
        String namespace = ensureNamespace("aud" + UUID.randomUUID().toString().substring(0, 8));
        String other = ensureNamespace("oth" + UUID.randomUUID().toString().substring(0, 8));
        String model = registerModel(namespace + ".audited");
        Answer version = registerVersion(model, 0.9);
        assertThat(version.status()).isEqualTo(201);
        String viewer = userWith(namespace, "viewer");
        String stranger = userWith(other, "viewer");
        awaitProjected(version.position());

        Answer history = as(viewer).getAt("/api/v1/audit?model=" + model, version.position());
        assertThat(history.status()).as(history.toString()).isEqualTo(200);
        assertThat(history.json().get("items")).isNotEmpty();
        history.json().get("items").forEach(item -> assertThat(item.get("model").asText()).isEqualTo(model));

        Answer whole = as(viewer).get("/api/v1/audit");
        assertThat(whole.status()).isEqualTo(403);
        assertThat(whole.contentType()).startsWith("application/problem+json");
        assertThat(whole.json().get("code").asText()).isEqualTo("forbidden");
        assertThat(whole.json().get("permission").asText()).isEqualToIgnoringCase("audit");

        Answer foreign = as(stranger).get("/api/v1/audit?model=" + model);
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.contentType()).startsWith("application/problem+json");
        assertThat(foreign.json().get("code").asText()).isEqualTo("forbidden");
        assertThat(foreign.json().get("namespace").asText()).isEqualTo(namespace);

        assertThat(anonymous().get("/api/v1/audit?model=" + model).status()).isEqualTo(401);
        assertThat(get("/api/v1/audit?page_size=1").status()).isEqualTo(200); // the admin reads the whole log
    }

    private String attachReport(String model, int version, String evaluator, KeyPair keys) throws Exception {
        String digest = get(versionPath(model, version)).json().at("/artifact/sha256").asText();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String reportId = "r-" + UUID.randomUUID();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("report_id", reportId);
        report.put("model", model);
        report.put("version", version);
        report.put("artifact_sha256", digest);
        report.put("dataset_sha256", "b".repeat(64));
        report.put("metrics", Map.of("accuracy", 0.9));
        report.put("issued_at", now.minusSeconds(60).toString());
        report.put("expires_at", now.plus(1, ChronoUnit.DAYS).toString());
        byte[] bytes = JSON.writeValueAsBytes(report);
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(keys.getPrivate());
        signer.update(bytes);
        Answer attached = post(versionPath(model, version) + "/evaluation-reports", JSON.createObjectNode()
                .put("evaluator", evaluator)
                .put("report", Base64.getEncoder().encodeToString(bytes))
                .put("signature", Base64.getEncoder().encodeToString(signer.sign())).toString());
        assertThat(attached.status()).as(attached.toString()).isEqualTo(201);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains(reportId);
        return reportId;
    }

    private static String versionPath(String model, int version) {
        return "/api/v1/models/" + model + "/versions/" + version;
    }

    /** version -> traffic share of the model's Production versions in a GET /production answer. */
    private static Map<Integer, Integer> shares(JsonNode production, String model) {
        Map<Integer, Integer> shares = new LinkedHashMap<>();
        for (JsonNode item : production.get("items")) {
            if (item.get("model").asText().equals(model)) {
                shares.put(item.get("version").asInt(), item.get("traffic_share").asInt());
            }
        }
        return shares;
    }

    private static List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("items").forEach(item -> names.add(item.get("name").asText()));
        return names;
    }
}
