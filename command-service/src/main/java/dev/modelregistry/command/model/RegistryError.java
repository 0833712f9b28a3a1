package dev.modelregistry.command.model;

import dev.modelregistry.command.refusal.CommandRefusal;
import dev.modelregistry.events.model.Stage;
import dev.modelregistry.events.model.VersionReference;
import java.util.List;

/**
 * Every way a command can be refused. Sealed, so the REST layer maps each one to an HTTP status with
 * an exhaustive switch; {@link #code()} is stable (it ends the problem type URI) and {@link #field()}
 * names the request field at fault when one applies. Messages are written for the API user; they
 * never carry class names or stack traces (stack traces are not even captured: these are answers,
 * not bugs).
 */
public abstract sealed class RegistryError extends CommandRefusal {

    private RegistryError(String code, String field, String message) {
        super(code, field, message);
    }

    public static final class ModelNotFound extends RegistryError {
        public ModelNotFound(String model) {
            super("model_not_found", "name", "Model '" + model + "' does not exist.");
        }
    }

    public static final class ModelAlreadyExists extends RegistryError {
        public ModelAlreadyExists(String model) {
            super("model_already_exists", "name",
                    "Model '" + model + "' already exists or existed (names of deleted models are not reused).");
        }
    }

    public static final class ModelDeleted extends RegistryError {
        public ModelDeleted(String model) {
            super("model_deleted", "name", "Model '" + model + "' is deleted; it cannot change any more.");
        }
    }

    public static final class VersionNotFound extends RegistryError {
        public VersionNotFound(String model, int version) {
            super("version_not_found", "version", "Model '" + model + "' has no version " + version + ".");
        }
    }

    public static final class VersionDeleted extends RegistryError {
        public VersionDeleted(String model, int version) {
            super("version_deleted", "version",
                    "Version " + model + "@" + version + " is deleted; it cannot change or be referenced.");
        }
    }

    public static final class IllegalStageTransition extends RegistryError {
        public IllegalStageTransition(String model, int version, Stage from, Stage to, String hint) {
            super("illegal_stage_transition", "stage", "Version " + model + "@" + version + " cannot move from "
                    + from.label() + " to " + to.label() + (hint == null ? "." : ": " + hint));
        }
    }

    public static final class StageUnchanged extends RegistryError {
        public StageUnchanged(String model, int version, Stage stage) {
            super("stage_unchanged", "stage",
                    "Version " + model + "@" + version + " is already in stage " + stage.label() + ".");
        }
    }

    public static final class ProductionVersionExists extends RegistryError {
        private final int incumbent;

        public ProductionVersionExists(String model, int incumbent) {
            super("production_version_exists", "archive_existing", "Version " + model + "@" + incumbent
                    + " is in Production; set archive_existing to archive it as part of this promotion.");
            this.incumbent = incumbent;
        }

        public int incumbent() {
            return incumbent;
        }
    }

    public static final class VersionInProduction extends RegistryError {
        public VersionInProduction(String model, int version, String what) {
            super("version_in_production", "version", "Version " + model + "@" + version
                    + " is in Production; archive it before " + what + ".");
        }
    }

    /**
     * A transition into or out of Production sent with {@code mayChangeProduction} false: the caller
     * lacks the deploy permission. Answered like every authorization refusal (403 {@code forbidden}).
     */
    public static final class ProductionChangeNotPermitted extends RegistryError {
        private final String model;

        public ProductionChangeNotPermitted(String model, int version) {
            super("forbidden", "stage", "Moving version " + model + "@" + version
                    + " into or out of Production needs the deploy permission.");
            this.model = model;
        }

        public String model() {
            return model;
        }
    }

    public static final class AliasInvalid extends RegistryError {
        public AliasInvalid(String reason) {
            super("alias_invalid", "alias", reason);
        }
    }

    public static final class AliasNotFound extends RegistryError {
        public AliasNotFound(String model, String alias) {
            super("alias_not_found", "alias", "Model '" + model + "' has no alias '" + alias + "'.");
        }
    }

    public static final class LineageInvalid extends RegistryError {
        public LineageInvalid(String field, String reason) {
            super("lineage_invalid", field, reason);
        }
    }

    /** A version naming itself as a parent: the one edge that would close a cycle in the lineage DAG. */
    public static final class LineageCycle extends RegistryError {
        public LineageCycle(String version) {
            super("lineage_cycle", "lineage.parents", "Version " + version + " cannot be its own parent: "
                    + "the lineage of versions is a DAG.");
        }
    }

    /**
     * A version registered from a run that contradicts the run: a param or metric with another value than
     * the run's, another code commit, another run id in {@code artifact.uri} or {@code lineage.run_id}.
     * {@code field} is the request field at fault ({@code params.max_depth}, {@code lineage.code_commit}).
     */
    public static final class RunMismatch extends RegistryError {
        public RunMismatch(String field, String detail) {
            super("run_mismatch", field, detail);
        }
    }

    /** {@code artifact.uri} {@code runs:/<run_id>/<path>} selects no artifact of the run. */
    public static final class RunArtifactsNotFound extends RegistryError {
        public RunArtifactsNotFound(String runId, String path) {
            super("run_artifacts_not_found", "artifact.uri", path.isEmpty()
                    ? "Run '" + runId + "' has logged no artifacts; give the version's files instead."
                    : "Run '" + runId + "' has no artifact under '" + path + "/'.");
        }
    }

    /**
     * A parent of another model that was never registered: a version names only versions that exist, so
     * no cycle can form across models.
     */
    public static final class UnknownParent extends RegistryError {
        public UnknownParent(int index, VersionReference parent) {
            super("unknown_parent", "lineage.parents[" + index + "]", "Parent " + parent + " is not a registered "
                    + "version; register it first.");
        }
    }

    /** A parent of another model that is deleted (or whose model is). */
    public static final class ParentDeleted extends RegistryError {
        public ParentDeleted(int index, VersionReference parent) {
            super("parent_deleted", "lineage.parents[" + index + "]", "Parent " + parent + " is deleted (or its "
                    + "model is); a deleted version cannot be referenced.");
        }
    }

    /**
     * Files of a new version that the artifact store cannot back: a digest it does not hold, a blob
     * found corrupted (not yet uploaded again), or a declared size that differs from the size held.
     * {@link #problems()} lists every such file in request order; {@link #code()} and {@link #field()}
     * are the first one's.
     */
    public static final class ArtifactsUnavailable extends RegistryError {

        /** Why one file cannot be referenced; {@link #code()} is its stable problem code. */
        public enum Reason {
            NOT_FOUND("artifact_not_found"),
            CORRUPTED("artifact_corrupted"),
            SIZE_MISMATCH("artifact_size_mismatch");

            private final String code;

            Reason(String code) {
                this.code = code;
            }

            public String code() {
                return code;
            }
        }

        /** One file at fault; {@code field} is the request field, e.g. {@code files[2].sha256}. */
        public record FileProblem(String field, Reason reason, String detail) {
        }

        private final List<FileProblem> problems;

        public ArtifactsUnavailable(List<FileProblem> problems) {
            super(problems.getFirst().reason().code(), problems.getFirst().field(), summary(problems));
            this.problems = List.copyOf(problems);
        }

        public List<FileProblem> problems() {
            return problems;
        }

        private static String summary(List<FileProblem> problems) {
            String first = problems.getFirst().detail();
            return problems.size() == 1 ? first
                    : first + " (" + (problems.size() - 1) + " more file(s) at fault, see errors)";
        }
    }

    // ------------------------------------------------------------------------ governance

    /** A version's author approving its own promotion (four eyes). */
    public static final class SelfApproval extends RegistryError {
        public SelfApproval(String model, int version, String approver) {
            super("self_approval", "approver", "'" + approver + "' registered version " + model + "@" + version
                    + "; the author of a version may not approve its promotion.");
        }
    }

    /** An approver the model's promotion policy does not list. */
    public static final class ApproverNotListed extends RegistryError {
        public ApproverNotListed(String model, String approver) {
            super("approver_not_listed", "approver", "'" + approver + "' is not an approver of the promotion "
                    + "policy of model '" + model + "'.");
        }
    }

    public static final class PromotionRequestNotFound extends RegistryError {
        public PromotionRequestNotFound(String model, int version, String requestId) {
            super("promotion_request_not_found", "request_id", requestId == null
                    ? "Version " + model + "@" + version + " has no open promotion request; request one first."
                    : "Version " + model + "@" + version + " has no promotion request '" + requestId + "'.");
        }
    }

    /** The request led to a promotion already (approvals of a closed request no longer matter). */
    public static final class PromotionRequestClosed extends RegistryError {
        public PromotionRequestClosed(String model, String requestId) {
            super("promotion_request_closed", "request_id", "Promotion request '" + requestId + "' of model '"
                    + model + "' is closed: its version was promoted.");
        }
    }

    public static final class CanaryRunning extends RegistryError {
        public CanaryRunning(String model, int canary) {
            super("canary_running", "version", "Version " + model + "@" + canary + " is a running canary; "
                    + "finalize or abort it first.");
        }
    }

    public static final class CanaryNotRunning extends RegistryError {
        public CanaryNotRunning(String model, int version) {
            super("canary_not_running", "version", "Version " + model + "@" + version + " is not a running canary.");
        }
    }

    /** A canary needs an incumbent to share traffic with. */
    public static final class CanaryNeedsIncumbent extends RegistryError {
        public CanaryNeedsIncumbent(String model) {
            super("canary_needs_incumbent", "canary_pct", "Model '" + model + "' has no version in Production to "
                    + "run a canary beside; promote without canary_pct.");
        }
    }

    public static final class NoPreviousProduction extends RegistryError {
        public NoPreviousProduction(String model, String why) {
            super("no_previous_production", null, "Model '" + model + "' cannot roll back: " + why + ".");
        }
    }

    public static final class EvaluationReportExists extends RegistryError {
        public EvaluationReportExists(String model, String reportId) {
            super("evaluation_report_exists", "report", "Model '" + model + "' already has evaluation report '"
                    + reportId + "'.");
        }
    }

    /** The report's artifact digest is not the version's. */
    public static final class ArtifactMismatch extends RegistryError {
        public ArtifactMismatch(String model, int version, String reportDigest, String versionDigest) {
            super("artifact_mismatch", "report", "The report names artifact " + reportDigest + ", but version "
                    + model + "@" + version + " is " + versionDigest + ".");
        }
    }

    /** Optimistic concurrency lost repeatedly (other writers on the same model); the client may retry. */
    public static final class ConcurrentModification extends RegistryError {
        public ConcurrentModification(String model) {
            super("concurrent_modification", null,
                    "Model '" + model + "' was changed concurrently; retry the request.");
        }
    }
}
