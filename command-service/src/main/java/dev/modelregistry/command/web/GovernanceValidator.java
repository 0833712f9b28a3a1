package dev.modelregistry.command.web;

import dev.modelregistry.access.Namespaces;
import dev.modelregistry.command.access.AccessRules;
import dev.modelregistry.command.model.ModelNames;
import dev.modelregistry.command.web.GovernanceRequests.PolicyRequest;
import dev.modelregistry.command.web.GovernanceRequests.RegressionRequest;
import dev.modelregistry.command.web.GovernanceRequests.ThresholdRequest;
import dev.modelregistry.command.web.RequestRejected.FieldProblem;
import dev.modelregistry.events.model.MetricThreshold;
import dev.modelregistry.events.model.RegressionLimit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Field rules of the governance endpoints, every problem reported at once (like {@link RequestValidator}):
 * metric names as version metrics, thresholds with a finite min and/or max (min &lt;= max), regression
 * tolerances finite and &gt;= 0 with {@code higher_is_better} given, at most 100 of each; approvers are
 * principal names, {@code required_approvals} 0 to the number of approvers; evaluator names as usernames;
 * reports and signatures base64 (a report at most 64 KiB, a signature 64 bytes); canary shares 1-99 %;
 * report and request ids 1-128 of {@code A-Z a-z 0-9 . _ : -}; teams as namespaces.
 */
final class GovernanceValidator {

    static final int MAX_RULES = 100;
    static final int MAX_APPROVERS = 100;
    static final int MAX_REPORT_BYTES = 64 * 1024;
    private static final Pattern METRIC = Pattern.compile("[A-Za-z0-9_.\\-/ ]{1,250}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    /** A validated policy. */
    record Policy(List<MetricThreshold> thresholds, List<RegressionLimit> noRegression, boolean requireReport,
                  int requiredApprovals, List<String> approvers) {
    }

    private final List<FieldProblem> problems = new ArrayList<>();

    private GovernanceValidator() {
    }

    static Policy policy(PolicyRequest body) {
        GovernanceValidator v = new GovernanceValidator();
        List<MetricThreshold> thresholds = new ArrayList<>();
        List<ThresholdRequest> requested = body.thresholds() == null ? List.of() : body.thresholds();
        if (requested.size() > MAX_RULES) {
            v.add("thresholds", ProblemTypes.TOO_MANY, "At most " + MAX_RULES + " thresholds.");
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < requested.size(); i++) {
                ThresholdRequest t = requested.get(i);
                String field = "thresholds[" + i + "]";
                if (t == null) {
                    v.add(field, ProblemTypes.REQUIRED, "A threshold has a metric and a min and/or a max.");
                    continue;
                }
                v.metric(field + ".metric", t.metric());
                if (t.metric() != null && !seen.add(t.metric())) {
                    v.add(field + ".metric", ProblemTypes.INVALID_VALUE, "One threshold per metric.");
                }
                if (t.min() == null && t.max() == null) {
                    v.add(field, ProblemTypes.REQUIRED, "A threshold has a min, a max or both.");
                }
                v.finite(field + ".min", t.min());
                v.finite(field + ".max", t.max());
                if (t.min() != null && t.max() != null && t.min() > t.max()) {
                    v.add(field + ".max", ProblemTypes.INVALID_VALUE, "max is below min.");
                }
                thresholds.add(new MetricThreshold(t.metric(), t.min(), t.max()));
            }
        }
        List<RegressionLimit> limits = new ArrayList<>();
        List<RegressionRequest> regressions = body.noRegression() == null ? List.of() : body.noRegression();
        if (regressions.size() > MAX_RULES) {
            v.add("no_regression", ProblemTypes.TOO_MANY, "At most " + MAX_RULES + " regression limits.");
        } else {
            for (int i = 0; i < regressions.size(); i++) {
                RegressionRequest r = regressions.get(i);
                String field = "no_regression[" + i + "]";
                if (r == null) {
                    v.add(field, ProblemTypes.REQUIRED, "A regression limit has a metric, a tolerance and "
                            + "higher_is_better.");
                    continue;
                }
                v.metric(field + ".metric", r.metric());
                if (r.tolerance() == null) {
                    v.add(field + ".tolerance", ProblemTypes.REQUIRED, "The tolerance (0 or more) is required.");
                } else if (!Double.isFinite(r.tolerance()) || r.tolerance() < 0) {
                    v.add(field + ".tolerance", ProblemTypes.INVALID_VALUE, "A tolerance is a finite number >= 0.");
                }
                if (r.higherIsBetter() == null) {
                    v.add(field + ".higher_is_better", ProblemTypes.REQUIRED, "Say which direction is better.");
                }
                limits.add(new RegressionLimit(r.metric(), r.tolerance() == null ? 0 : r.tolerance(),
                        Boolean.TRUE.equals(r.higherIsBetter())));
            }
        }
        List<String> approvers = body.approvers() == null ? List.of() : body.approvers();
        if (approvers.size() > MAX_APPROVERS) {
            v.add("approvers", ProblemTypes.TOO_MANY, "At most " + MAX_APPROVERS + " approvers.");
        }
        for (int i = 0; i < approvers.size(); i++) {
            String approver = approvers.get(i);
            int index = i;
            if (approver == null) {
                v.add("approvers[" + i + "]", ProblemTypes.REQUIRED, "An approver is a principal name.");
            } else {
                AccessRules.principalProblem(approver).ifPresent(problem ->
                        v.add("approvers[" + index + "]", ProblemTypes.INVALID_NAME, problem));
            }
        }
        int distinct = (int) approvers.stream().filter(a -> a != null).distinct().count();
        int required = body.requiredApprovals() == null ? 0 : body.requiredApprovals();
        if (required < 0 || required > distinct) {
            v.add("required_approvals", ProblemTypes.INVALID_VALUE, "required_approvals is 0 to the number of "
                    + "approvers (" + distinct + ").");
        }
        RequestValidatorBridge.reason(v, body.reason());
        v.throwIfAny();
        return new Policy(thresholds, limits, Boolean.TRUE.equals(body.requireEvaluationReport()), required,
                approvers);
    }

    static void evaluatorName(String field, String value) {
        GovernanceValidator v = new GovernanceValidator();
        v.evaluator(field, value);
        v.throwIfAny();
    }

    /** The evaluator name, checked with the description and the reason; the key is checked by the service. */
    static void evaluator(String evaluator, String publicKey, String description, String reason) {
        GovernanceValidator v = new GovernanceValidator();
        v.evaluator("evaluator", evaluator);
        if (publicKey == null || publicKey.isEmpty()) {
            v.add("public_key", ProblemTypes.REQUIRED, "The evaluator's Ed25519 public key (base64 X.509 DER) is "
                    + "required.");
        }
        if (description != null && (description.length() > RequestValidator.MAX_DESCRIPTION
                || RequestValidator.hasControlCharacters(description, true))) {
            v.add("description", ProblemTypes.INVALID_VALUE, "At most " + RequestValidator.MAX_DESCRIPTION
                    + " characters, no control characters other than line breaks and tabs.");
        }
        RequestValidatorBridge.reason(v, reason);
        v.throwIfAny();
    }

    /** The report's bytes and the signature, decoded. */
    record Evidence(byte[] report, byte[] signature) {
    }

    static Evidence report(String evaluator, String report, String signature, String reason) {
        GovernanceValidator v = new GovernanceValidator();
        v.evaluator("evaluator", evaluator);
        byte[] bytes = v.base64("report", report, MAX_REPORT_BYTES);
        byte[] sig = v.base64("signature", signature, 64);
        if (sig != null && sig.length != 64) {
            v.add("signature", ProblemTypes.INVALID_VALUE, "An Ed25519 signature is 64 bytes.");
        }
        RequestValidatorBridge.reason(v, reason);
        v.throwIfAny();
        return new Evidence(bytes, sig);
    }

    static void canaryAndReport(Integer canaryPct, String evaluationReportId, String reason) {
        GovernanceValidator v = new GovernanceValidator();
        v.canary(canaryPct);
        v.id("evaluation_report_id", evaluationReportId);
        RequestValidatorBridge.reason(v, reason);
        v.throwIfAny();
    }

    static void approve(String requestId, String reason) {
        GovernanceValidator v = new GovernanceValidator();
        v.id("request_id", requestId);
        RequestValidatorBridge.reason(v, reason);
        v.throwIfAny();
    }

    static void team(String ownerTeam, String reason) {
        GovernanceValidator v = new GovernanceValidator();
        if (ownerTeam == null || ownerTeam.isEmpty()) {
            v.add("owner_team", ProblemTypes.REQUIRED, "The new owner team is required.");
        } else {
            Namespaces.problem(ownerTeam).ifPresent(problem -> v.add("owner_team", ProblemTypes.INVALID_NAME, problem));
        }
        RequestValidatorBridge.reason(v, reason);
        v.throwIfAny();
    }

    static String modelName(String name) {
        ModelNames.problem(name).ifPresent(problem -> {
            throw RequestRejected.invalid(List.of(new FieldProblem("name",
                    name == null || name.isEmpty() ? ProblemTypes.REQUIRED : ProblemTypes.INVALID_NAME, problem)));
        });
        return Namespaces.canonicalModelName(name);
    }

    static int version(String value) {
        if (value == null || !value.matches("[1-9][0-9]{0,8}")) {
            throw RequestRejected.invalid(List.of(new FieldProblem("version", ProblemTypes.INVALID_VERSION,
                    "A version is a positive whole number.")));
        }
        return Integer.parseInt(value);
    }

    // ---------------------------------------------------------------------------------------------

    private void evaluator(String field, String value) {
        if (value == null || value.isEmpty()) {
            add(field, ProblemTypes.REQUIRED, "The evaluator's name is required.");
        } else {
            AccessRules.usernameProblem(value).ifPresent(problem -> add(field, ProblemTypes.INVALID_NAME,
                    "An evaluator is named like a user: " + problem));
        }
    }

    private void metric(String field, String value) {
        if (value == null || value.isEmpty()) {
            add(field, ProblemTypes.REQUIRED, "The metric's name is required.");
        } else if (!METRIC.matcher(value).matches()) {
            add(field, ProblemTypes.INVALID_KEY, "A metric name is 1-250 of A-Z a-z 0-9 _ . - / and space.");
        }
    }

    private void finite(String field, Double value) {
        if (value != null && !Double.isFinite(value)) {
            add(field, ProblemTypes.NOT_FINITE, "A finite number.");
        }
    }

    private void canary(Integer pct) {
        if (pct != null && (pct < 1 || pct > 99)) {
            add("canary_pct", ProblemTypes.INVALID_VALUE, "A canary serves 1 to 99 percent of traffic.");
        }
    }

    private void id(String field, String value) {
        if (value != null && !ID.matcher(value).matches()) {
            add(field, ProblemTypes.INVALID_VALUE, "An id is 1-128 of A-Z a-z 0-9 . _ : - (starting with a letter "
                    + "or digit).");
        }
    }

    private byte[] base64(String field, String value, int maxBytes) {
        if (value == null || value.isEmpty()) {
            add(field, ProblemTypes.REQUIRED, "Required (base64).");
            return null;
        }
        if (value.length() > (maxBytes / 3 + 1) * 4) {
            add(field, ProblemTypes.TOO_LONG, "At most " + maxBytes + " bytes.");
            return null;
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            add(field, ProblemTypes.INVALID_BASE64, "Not base64 (RFC 4648, with padding).");
            return null;
        }
    }

    void add(String field, String code, String detail) {
        problems.add(new FieldProblem(field, code, detail));
    }

    private void throwIfAny() {
        if (!problems.isEmpty()) {
            throw RequestRejected.invalid(problems);
        }
    }

    /** The reason rule of every body, as {@link RequestValidator} applies it. */
    private static final class RequestValidatorBridge {
        static void reason(GovernanceValidator v, String reason) {
            if (reason == null || reason.isBlank()) {
                return;
            }
            if (reason.length() > RequestValidator.MAX_REASON) {
                v.add("reason", ProblemTypes.TOO_LONG, "At most " + RequestValidator.MAX_REASON + " characters.");
            } else if (RequestValidator.hasControlCharacters(reason, false)) {
                v.add("reason", ProblemTypes.CONTROL_CHARACTERS, "A reason is one line without control characters.");
            }
        }
    }
}
