package dev.modelregistry.command.governance;

import dev.modelregistry.access.Namespaces;
import dev.modelregistry.command.governance.GovernanceTables.EvaluatorKey;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies a signed evaluation report, in this order: the evaluator is known and not revoked, its
 * Ed25519 signature holds over the report's exact bytes (so a forged, altered or other-key report is
 * refused before its content is even read), the bytes are a well-formed report (strict JSON: no unknown
 * or duplicate field, every field of the right type), it names the model and version it is attached
 * to, and it has not expired. Whether its artifact digest is the version's own is decided by the
 * {@code RegisteredModel} aggregate. Pure apart from the key lookup, so it is unit tested directly.
 */
final class ReportVerifier {

    /** What a verified report says. */
    record VerifiedReport(String reportId, String model, int version, String artifactSha256, String datasetSha256,
                          Map<String, Double> metrics, Instant issuedAt, Instant expiresAt) {
    }

    static final int MAX_REPORT_BYTES = 64 * 1024;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern REPORT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern METRIC = Pattern.compile("[A-Za-z0-9_.\\-/ ]{1,250}");
    private static final java.util.Set<String> FIELDS = java.util.Set.of("report_id", "model", "version",
            "artifact_sha256", "dataset_sha256", "metrics", "issued_at", "expires_at");

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Function<String, java.util.Optional<EvaluatorKey>> keys;

    ReportVerifier(Function<String, java.util.Optional<EvaluatorKey>> keys) {
        this.keys = keys;
    }

    /**
     * @param model the canonical name of the model the report is attached to
     * @throws GovernanceError the first reason the report is refused
     */
    VerifiedReport verify(String evaluator, byte[] report, byte[] signature, String model, int version, Instant now) {
        EvaluatorKey key = keys.apply(evaluator).orElseThrow(() -> new GovernanceError.UnknownEvaluator(evaluator));
        if (key.revoked()) {
            throw new GovernanceError.EvaluatorRevoked(evaluator);
        }
        if (!signatureHolds(Evaluators.parsePublicKey(Base64.getEncoder().encodeToString(key.publicKey())), report,
                signature)) {
            throw new GovernanceError.SignatureInvalid(evaluator);
        }
        VerifiedReport parsed = parse(report);
        String named = Namespaces.canonicalModelName(parsed.model());
        if (!named.equals(model) || parsed.version() != version) {
            throw new GovernanceError.VersionMismatch(parsed.model() + "@" + parsed.version(), model + "@" + version);
        }
        if (!parsed.expiresAt().isAfter(now)) {
            throw new GovernanceError.ReportExpired(parsed.reportId(), parsed.expiresAt().toString());
        }
        return parsed;
    }

    static boolean signatureHolds(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static VerifiedReport parse(byte[] report) {
        JsonNode root;
        try {
            root = JSON.readTree(report);
        } catch (JacksonException e) {
            throw new GovernanceError.MalformedReport("not well-formed JSON (duplicate keys and trailing content are "
                    + "refused).");
        }
        if (root == null || !root.isObject()) {
            throw new GovernanceError.MalformedReport("the report is a JSON object.");
        }
        for (String name : root.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw new GovernanceError.MalformedReport("unknown field '" + printable(name) + "'.");
            }
        }
        String reportId = text(root, "report_id");
        if (!REPORT_ID.matcher(reportId).matches()) {
            throw new GovernanceError.MalformedReport("report_id is 1-128 of A-Z a-z 0-9 . _ : - (starting with a "
                    + "letter or digit).");
        }
        String model = text(root, "model");
        JsonNode version = root.get("version");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToInt() || version.intValue() < 1) {
            throw new GovernanceError.MalformedReport("version is a positive whole number.");
        }
        String artifact = sha256(root, "artifact_sha256");
        String dataset = sha256(root, "dataset_sha256");
        JsonNode metricsNode = root.get("metrics");
        if (metricsNode == null || !metricsNode.isObject()) {
            throw new GovernanceError.MalformedReport("metrics is an object of metric name to number.");
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : metricsNode.properties()) {
            if (!METRIC.matcher(entry.getKey()).matches()) {
                throw new GovernanceError.MalformedReport("metric name '" + printable(entry.getKey())
                        + "' must be 1-250 of A-Z a-z 0-9 _ . - / and space.");
            }
            if (!entry.getValue().isNumber() || !Double.isFinite(entry.getValue().doubleValue())) {
                throw new GovernanceError.MalformedReport("metric '" + entry.getKey() + "' is a finite number.");
            }
            metrics.put(entry.getKey(), entry.getValue().doubleValue());
        }
        Instant issuedAt = time(root, "issued_at");
        Instant expiresAt = time(root, "expires_at");
        if (!expiresAt.isAfter(issuedAt)) {
            throw new GovernanceError.MalformedReport("expires_at must be after issued_at.");
        }
        return new VerifiedReport(reportId, model, version.intValue(), artifact, dataset, metrics, issuedAt, expiresAt);
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || !node.isString() || node.stringValue().isEmpty()) {
            throw new GovernanceError.MalformedReport(field + " is a required string.");
        }
        return node.stringValue();
    }

    private static String sha256(JsonNode root, String field) {
        String value = text(root, field);
        if (!SHA256.matcher(value).matches()) {
            throw new GovernanceError.MalformedReport(field + " is 64 lower-case hex digits.");
        }
        return value;
    }

    private static Instant time(JsonNode root, String field) {
        String value = text(root, field);
        try {
            return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new GovernanceError.MalformedReport(field + " is an RFC 3339 time, e.g. 2026-01-31T00:00:00Z.");
        }
    }

    private static String printable(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) : text;
        return cut.replaceAll("[\\p{Cntrl}]", "?");
    }
}
