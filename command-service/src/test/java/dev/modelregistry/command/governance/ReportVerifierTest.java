package dev.modelregistry.command.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelregistry.command.governance.GovernanceTables.EvaluatorKey;
import dev.modelregistry.command.governance.ReportVerifier.VerifiedReport;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Signed evaluation reports with real Ed25519 keys: what is accepted and why everything else is refused. */
class ReportVerifierTest {

    static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    static final String ARTIFACT = "a".repeat(64);

    private final KeyPair ci = generate();
    private final KeyPair other = generate();
    private final Map<String, EvaluatorKey> keys = new HashMap<>(Map.of(
            "ci", new EvaluatorKey("ci", ci.getPublic().getEncoded(), false),
            "old", new EvaluatorKey("old", ci.getPublic().getEncoded(), true)));
    private final ReportVerifier verifier = new ReportVerifier(name -> Optional.ofNullable(keys.get(name)));

    static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static byte[] sign(KeyPair key, byte[] data) throws Exception {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key.getPrivate());
        signer.update(data);
        return signer.sign();
    }

    static byte[] report(String model, int version, String expiresAt) {
        return ("{\"report_id\":\"r-1\",\"model\":\"" + model + "\",\"version\":" + version + ",\"artifact_sha256\":\""
                + ARTIFACT + "\",\"dataset_sha256\":\"" + "b".repeat(64) + "\",\"metrics\":{\"auc\":0.91},"
                + "\"issued_at\":\"2026-02-01T00:00:00Z\",\"expires_at\":\"" + expiresAt + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void a_report_signed_by_a_registered_evaluator_is_verified_and_read() throws Exception {
        byte[] bytes = report("fraud.scorer", 3, "2026-06-01T00:00:00Z");
        VerifiedReport verified = verifier.verify("ci", bytes, sign(ci, bytes), "fraud.scorer", 3, NOW);
        assertThat(verified.reportId()).isEqualTo("r-1");
        assertThat(verified.artifactSha256()).isEqualTo(ARTIFACT);
        assertThat(verified.metrics()).containsEntry("auc", 0.91);
        assertThat(verified.expiresAt()).isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
    }

    @Test
    void a_forged_signature_is_refused() {
        byte[] bytes = report("fraud.scorer", 3, "2026-06-01T00:00:00Z");
        assertThatThrownBy(() -> verifier.verify("ci", bytes, new byte[64], "fraud.scorer", 3, NOW))
                .isInstanceOf(GovernanceError.SignatureInvalid.class).hasFieldOrPropertyWithValue("code", "signature_invalid");
    }

    @Test
    void altered_bytes_are_refused() throws Exception {
        byte[] bytes = report("fraud.scorer", 3, "2026-06-01T00:00:00Z");
        byte[] signature = sign(ci, bytes);
        byte[] altered = new String(bytes, StandardCharsets.UTF_8).replace("0.91", "0.99").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verifier.verify("ci", altered, signature, "fraud.scorer", 3, NOW))
                .isInstanceOf(GovernanceError.SignatureInvalid.class);
    }

    @Test
    void a_report_signed_with_another_key_is_refused() throws Exception {
        byte[] bytes = report("fraud.scorer", 3, "2026-06-01T00:00:00Z");
        assertThatThrownBy(() -> verifier.verify("ci", bytes, sign(other, bytes), "fraud.scorer", 3, NOW))
                .isInstanceOf(GovernanceError.SignatureInvalid.class);
    }

    @Test
    void an_expired_report_is_refused() throws Exception {
        byte[] bytes = report("fraud.scorer", 3, "2026-02-15T00:00:00Z");
        assertThatThrownBy(() -> verifier.verify("ci", bytes, sign(ci, bytes), "fraud.scorer", 3, NOW))
                .isInstanceOf(GovernanceError.ReportExpired.class).hasFieldOrPropertyWithValue("code", "report_expired");
    }

    @Test
    void a_report_of_another_version_or_model_is_refused() throws Exception {
        byte[] bytes = report("fraud.scorer", 2, "2026-06-01T00:00:00Z");
        assertThatThrownBy(() -> verifier.verify("ci", bytes, sign(ci, bytes), "fraud.scorer", 3, NOW))
                .isInstanceOf(GovernanceError.VersionMismatch.class).hasFieldOrPropertyWithValue("code", "version_mismatch");
        byte[] otherModel = report("fraud.other", 3, "2026-06-01T00:00:00Z");
        assertThatThrownBy(() -> verifier.verify("ci", otherModel, sign(ci, otherModel), "fraud.scorer", 3, NOW))
                .isInstanceOf(GovernanceError.VersionMismatch.class);
    }

    @Test
    void an_unknown_or_revoked_evaluator_is_refused() throws Exception {
        byte[] bytes = report("fraud.scorer", 3, "2026-06-01T00:00:00Z");
        assertThatThrownBy(() -> verifier.verify("nobody", bytes, sign(ci, bytes), "fraud.scorer", 3, NOW))
                .isInstanceOf(GovernanceError.UnknownEvaluator.class).hasFieldOrPropertyWithValue("code", "unknown_evaluator");
        assertThatThrownBy(() -> verifier.verify("old", bytes, sign(ci, bytes), "fraud.scorer", 3, NOW))
                .isInstanceOf(GovernanceError.EvaluatorRevoked.class).hasFieldOrPropertyWithValue("code", "evaluator_revoked");
    }

    @Test
    void a_signed_but_malformed_report_is_refused() throws Exception {
        for (String json : new String[] {"[]", "{\"report_id\":\"r\"}", "not json",
                new String(report("fraud.scorer", 3, "2026-06-01T00:00:00Z"), StandardCharsets.UTF_8)
                        .replace("}", ",\"extra\":1}"),
                new String(report("fraud.scorer", 3, "2026-06-01T00:00:00Z"), StandardCharsets.UTF_8)
                        .replace("\"version\":3", "\"version\":\"3\""),
                new String(report("fraud.scorer", 3, "2026-06-01T00:00:00Z"), StandardCharsets.UTF_8)
                        .replace("\"version\":3", "\"version\":3,\"version\":3")}) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> verifier.verify("ci", bytes, sign(ci, bytes), "fraud.scorer", 3, NOW))
                    .as(json).isInstanceOf(GovernanceError.MalformedReport.class)
                    .hasFieldOrPropertyWithValue("code", "malformed_report");
        }
    }

    @Test
    void only_ed25519_public_keys_are_accepted() throws Exception {
        assertThat(Evaluators.parsePublicKey(Base64.getEncoder().encodeToString(ci.getPublic().getEncoded())))
                .isNotNull();
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        for (String key : new String[] {"", "not base64!", Base64.getEncoder().encodeToString(new byte[44]),
                Base64.getEncoder().encodeToString(rsa.getPublic().getEncoded())}) {
            assertThatThrownBy(() -> Evaluators.parsePublicKey(key)).as(key)
                    .isInstanceOf(GovernanceError.InvalidPublicKey.class);
        }
    }
}
