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
 * Gated promotion over HTTP: a policy (threshold, no regression, signed report, two approvals), every way
 * a signed report is refused, every way an approval is refused (the author, an approver the policy does
 * not list, a contributor), a promotion refused with every failed check listed (422, recorded as an event
 * in the event store, with X-Registry-Position), then approved twice and promoted; a regression and a
 * transition to Production refused by the same gates; mass assignment refused.
 */
class PromotionGateTest extends RegistryIntegrationTest {

    @Test
    void aPromotionPassesOnlyWithPolicyReportAndTwoApprovalsAndEveryRefusalIsListedAndRecorded() throws Exception {
        String namespace = ensureNamespace("pg" + UUID.randomUUID().toString().substring(0, 8));
        String model = registerModel(namespace + ".scorer");
        assertThat(registerVersion(model, 0.90).status()).isEqualTo(201);
        assertThat(registerVersion(model, 0.95).status()).isEqualTo(201);
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String evaluator = registerEvaluator(keys);

        TestUser first = createUser("rev");
        TestUser second = createUser("rev");
        TestUser unlisted = createUser("rev");
        grant(first.username(), namespace, "reviewer");
        grant(second.username(), namespace, "reviewer");
        grant(unlisted.username(), namespace, "reviewer");
        String contributor = userWith(namespace, "contributor");
        Answer policy = put("/api/v1/models/" + model + "/promotion-policy", """
                {"thresholds":[{"metric":"accuracy","min":0.85}],
                 "no_regression":[{"metric":"accuracy","tolerance":0.01,"higher_is_better":true}],
                 "require_evaluation_report":true,"required_approvals":2,"approvers":["%s","%s","%s"]}"""
                .formatted(first.username(), second.username(), ADMIN));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
        assertThat(policy.json().get("policy_version").asInt()).isEqualTo(1);

        // nothing yet: refused with every failed check, and the refusal is an event
        Answer refused = post(version(model, 1) + ":promote", "{}");
        assertPromotionRefused(refused, "evaluation_report_required", "approvals_missing");
        assertThat(value("select payload_type from event_store.domain_event_entry where global_index = ?",
                refused.position())).isEqualTo("dev.modelregistry.version.promotion-refused");

        // signed reports: each forgery and mismatch refused with its code
        String digest = get(version(model, 1)).json().at("/artifact/sha256").asText();
        byte[] good = report(model, 1, digest, 0.90, Instant.now().plus(1, ChronoUnit.DAYS));
        assertReportRefused(model, 1, evaluator, good, new byte[64], "signature_invalid", "signature");
        byte[] altered = new String(good, StandardCharsets.UTF_8).replace("0.9", "0.99").getBytes(StandardCharsets.UTF_8);
        assertReportRefused(model, 1, evaluator, altered, sign(keys, good), "signature_invalid", "signature");
        KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertReportRefused(model, 1, evaluator, good, sign(stranger, good), "signature_invalid", "signature");
        assertReportRefused(model, 1, "nobody-" + UUID.randomUUID().toString().substring(0, 6), good, sign(keys, good),
                "unknown_evaluator", "evaluator");
        byte[] expired = report(model, 1, digest, 0.9, Instant.now().minus(1, ChronoUnit.MINUTES));
        assertReportRefused(model, 1, evaluator, expired, sign(keys, expired), "report_expired", "report");
        byte[] otherDigest = report(model, 1, "c".repeat(64), 0.9, Instant.now().plus(1, ChronoUnit.DAYS));
        assertReportRefused(model, 1, evaluator, otherDigest, sign(keys, otherDigest), "artifact_mismatch", "report");
        byte[] otherVersion = report(model, 2, digest, 0.9, Instant.now().plus(1, ChronoUnit.DAYS));
        assertReportRefused(model, 1, evaluator, otherVersion, sign(keys, otherVersion), "version_mismatch", "report");
        byte[] malformed = "{\"report_id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        assertReportRefused(model, 1, evaluator, malformed, sign(keys, malformed), "malformed_report", "report");
        String revoked = registerEvaluator(keys);
        assertThat(post("/api/v1/admin/evaluators/" + revoked + ":revoke", "{\"reason\":\"key leaked\"}").status())
                .isEqualTo(200);
        assertReportRefused(model, 1, revoked, good, sign(keys, good), "evaluator_revoked", "evaluator");

        // a valid report is attached (its bytes and signature kept by the command side, not in the event)
        String reportId = attach(model, 1, evaluator, keys, good);
        assertThat(value("select count(*) from event_store.evaluation_report where model = ? and report_id = ?",
                model, reportId)).isEqualTo(1L);

        // approvals: the author, an unlisted reviewer and a contributor cannot approve
        String request = post(version(model, 1) + ":request-promotion", "{\"evaluation_report_id\":\"" + reportId + "\"}")
                .json().get("request_id").asText();
        Answer self = post(version(model, 1) + ":approve", "{\"request_id\":\"" + request + "\"}");
        assertProblem(self, 422, "self_approval", "approver");
        assertProblem(as(login(unlisted.username(), unlisted.password())).post(version(model, 1) + ":approve", "{}"),
                422, "approver_not_listed", "approver");
        Answer byContributor = as(contributor).post(version(model, 1) + ":approve", "{}");
        assertThat(byContributor.status()).isEqualTo(403);
        assertThat(byContributor.json().get("code").asText()).isEqualTo("forbidden");
        assertThat(as(contributor).post(version(model, 1) + ":promote", "{}").status()).isEqualTo(403);

        Answer one = as(login(first.username(), first.password())).post(version(model, 1) + ":approve", "{}");
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.json().get("approvals").asInt()).isEqualTo(1);
        assertPromotionRefused(post(version(model, 1) + ":promote", "{}"), "approvals_missing");
        assertProblem(post(version(model, 1) + ":promote", "{\"approver\":\"" + second.username() + "\"}"),
                400, "approver_mismatch", "approver");
        assertThat(as(login(second.username(), second.password())).post(version(model, 1) + ":approve",
                "{\"request_id\":\"" + request + "\"}").status()).isEqualTo(200);

        Answer promoted = post(version(model, 1) + ":promote", "{}");
        assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
        assertThat(promoted.json().get("stage").asText()).isEqualTo("Production");
        assertThat(promoted.json().get("evaluation_report_id").asText()).isEqualTo(reportId);
        assertThat(promoted.json().get("approvers")).hasSize(2);
        assertThat(value("select payload_type from event_store.domain_event_entry where aggregate_identifier = ? "
                        + "and global_index < ? order by global_index desc limit 1", model, promoted.position()))
                .isEqualTo("dev.modelregistry.version.promoted");

        // version 2 regresses beyond the tolerance: refused by :promote and by :transition alike
        String digest2 = get(version(model, 2)).json().at("/artifact/sha256").asText();
        attach(model, 2, evaluator, keys, report(model, 2, digest2, 0.86, Instant.now().plus(1, ChronoUnit.DAYS)));
        assertPromotionRefused(post(version(model, 2) + ":promote", "{}"), "metric_regressed",
                "approvals_missing");
        assertThat(post(version(model, 2) + ":transition", "{\"stage\":\"Staging\"}").status()).isEqualTo(200);
        assertPromotionRefused(post(version(model, 2) + ":transition",
                "{\"stage\":\"Production\",\"archive_existing\":true}"), "metric_regressed", "approvals_missing");

        // mass assignment: a stage, an actor or a time in a body is refused, never trusted
        assertProblem(post(version(model, 2) + ":promote", "{\"stage\":\"Production\"}"), 400, "unknown_field", "stage");
        assertProblem(post(version(model, 2) + ":approve", "{\"actor\":\"" + first.username() + "\"}"), 400,
                "unknown_field", "actor");
        assertProblem(post(version(model, 2) + ":request-promotion", "{\"created_at\":\"2020-01-01T00:00:00Z\"}"),
                400, "unknown_field", "created_at");
        assertProblem(post(version(model, 2) + ":promote", "{\"canary_pct\":100}"), 400, "invalid_value", "canary_pct");
        assertProblem(put("/api/v1/models/" + model + "/promotion-policy",
                "{\"required_approvals\":3,\"approvers\":[\"a\"]}"), 400, "invalid_value", "required_approvals");
        assertProblem(post("/api/v1/admin/evaluators", "{\"evaluator\":\"k\",\"public_key\":\"bm90IGEga2V5\"}"),
                400, "invalid_public_key", "public_key");
    }

    // ---------------------------------------------------------------------------------------------

    String registerEvaluator(KeyPair keys) {
        String name = uniqueName("eval");
        Answer answer = post("/api/v1/admin/evaluators", JSON.createObjectNode().put("evaluator", name)
                .put("public_key", Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()))
                .put("description", "CI").toString());
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return name;
    }

    static String version(String model, int version) {
        return "/api/v1/models/" + model + "/versions/" + version;
    }

    static byte[] report(String model, int version, String digest, double accuracy, Instant expiresAt) throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("report_id", "r-" + UUID.randomUUID());
        report.put("model", model);
        report.put("version", version);
        report.put("artifact_sha256", digest);
        report.put("dataset_sha256", "b".repeat(64));
        report.put("metrics", Map.of("accuracy", accuracy));
        report.put("issued_at", Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
        report.put("expires_at", expiresAt.truncatedTo(ChronoUnit.SECONDS).toString());
        return JSON.writeValueAsBytes(report);
    }

    static byte[] sign(KeyPair keys, byte[] bytes) throws Exception {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(keys.getPrivate());
        signer.update(bytes);
        return signer.sign();
    }

    String attach(String model, int version, String evaluator, KeyPair keys, byte[] report) throws Exception {
        Answer answer = attachAnswer(model, version, evaluator, report, sign(keys, report));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return answer.json().get("report_id").asText();
    }

    Answer attachAnswer(String model, int version, String evaluator, byte[] report, byte[] signature) {
        return post(version(model, version) + "/evaluation-reports", JSON.createObjectNode()
                .put("evaluator", evaluator)
                .put("report", Base64.getEncoder().encodeToString(report))
                .put("signature", Base64.getEncoder().encodeToString(signature)).toString());
    }

    void assertReportRefused(String model, int version, String evaluator, byte[] report, byte[] signature, String code,
                             String field) {
        assertProblem(attachAnswer(model, version, evaluator, report, signature), 422, code, field);
    }

    /** 422 promotion_refused listing at least these checks, recorded (so it has a position). */
    static void assertPromotionRefused(Answer answer, String... checks) {
        assertProblem(answer, 422, "promotion_refused", null);
        List<String> listed = new ArrayList<>();
        for (JsonNode check : answer.json().get("failed_checks")) {
            listed.add(check.get("check").asText());
            assertThat(check.get("detail").asText()).isNotBlank();
        }
        assertThat(listed).as(answer.toString()).contains(checks);
        assertThat(answer.position()).isPositive();
    }
}
