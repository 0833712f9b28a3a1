package dev.modelregistry.command.governance;

import dev.modelregistry.command.refusal.CommandRefusal;

/**
 * Every way the governance feature refuses a request outside the {@code RegisteredModel} aggregate:
 * owner teams, evaluators and the verification of signed evaluation reports. Sealed, mapped exhaustively
 * to HTTP statuses by the REST layer; codes are stable (docs/api.md).
 */
public abstract sealed class GovernanceError extends CommandRefusal {

    private GovernanceError(String code, String field, String message) {
        super(code, field, message);
    }

    /** 422: an owner team that is neither a created namespace nor {@code default}. */
    public static final class UnknownTeam extends GovernanceError {
        public UnknownTeam(String team) {
            super("unknown_team", "owner_team", "There is no team '" + team + "'; a team is a created namespace "
                    + "(POST /api/v1/admin/namespaces) or 'default'.");
        }
    }

    public static final class EvaluatorExists extends GovernanceError {
        public EvaluatorExists(String evaluator) {
            super("evaluator_exists", "evaluator", "Evaluator '" + evaluator + "' is already registered "
                    + "(names are not reused, even after revocation).");
        }
    }

    public static final class EvaluatorNotFound extends GovernanceError {
        public EvaluatorNotFound(String evaluator) {
            super("evaluator_not_found", "evaluator", "There is no evaluator '" + evaluator + "'.");
        }
    }

    /** 422: a report signed by an evaluator the registry does not know. */
    public static final class UnknownEvaluator extends GovernanceError {
        public UnknownEvaluator(String evaluator) {
            super("unknown_evaluator", "evaluator", "There is no evaluator '" + evaluator + "'.");
        }
    }

    public static final class EvaluatorRevoked extends GovernanceError {
        public EvaluatorRevoked(String evaluator) {
            super("evaluator_revoked", "evaluator", "Evaluator '" + evaluator + "' was revoked; its reports are "
                    + "no longer accepted.");
        }
    }

    /** The Ed25519 signature does not verify over the report's bytes: forged, altered or another key. */
    public static final class SignatureInvalid extends GovernanceError {
        public SignatureInvalid(String evaluator) {
            super("signature_invalid", "signature", "The signature is not evaluator '" + evaluator
                    + "''s Ed25519 signature over these report bytes.");
        }
    }

    public static final class MalformedReport extends GovernanceError {
        public MalformedReport(String detail) {
            super("malformed_report", "report", "The report is not a valid evaluation report: " + detail);
        }
    }

    public static final class ReportExpired extends GovernanceError {
        public ReportExpired(String reportId, String expiresAt) {
            super("report_expired", "report", "Report '" + reportId + "' expired at " + expiresAt + ".");
        }
    }

    /** The report names another model or version than the one it is attached to. */
    public static final class VersionMismatch extends GovernanceError {
        public VersionMismatch(String named, String target) {
            super("version_mismatch", "report", "The report evaluates " + named + ", not " + target + ".");
        }
    }

    /** 400: not a base64 X.509 Ed25519 public key. */
    public static final class InvalidPublicKey extends GovernanceError {
        public InvalidPublicKey() {
            super("invalid_public_key", "public_key", "public_key must be the base64 of an Ed25519 public key in "
                    + "X.509 SubjectPublicKeyInfo DER form (openssl pkey -pubout -outform DER).");
        }
    }
}
