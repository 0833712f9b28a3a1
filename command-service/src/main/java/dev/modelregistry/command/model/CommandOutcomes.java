package dev.modelregistry.command.model;

import dev.modelregistry.events.model.FailedCheck;
import dev.modelregistry.events.model.Stage;
import java.util.List;
import java.util.Map;

/** What the aggregate's command handlers return (besides the events they record). */
public final class CommandOutcomes {

    private CommandOutcomes() {
    }

    /** A model's description and tags as they stand after the command. */
    public record ModelDetails(String model, String description, Map<String, String> tags) {
    }

    /** The version a {@link RegisterVersion} created. */
    public record VersionCreated(String model, int version, String lineageHash) {
    }

    /**
     * A stage change; {@code archivedIncumbent} is the version that left Production to make room, or null.
     */
    public record StageChanged(String model, int version, Stage from, Stage to, Integer archivedIncumbent)
            implements ProductionMove {
    }

    /** An alias assignment; {@code changed} is false when the alias already pointed at the version. */
    public record AliasChanged(String model, String alias, int version, Integer previousVersion, boolean changed) {
    }

    /** A command whose only outcome is its events (deletions, alias removal). */
    public record Done(String model) {
    }

    /** The policy in force after a {@link SetPromotionPolicy}; {@code changed} false when it was identical. */
    public record PolicySet(String model, int policyVersion, boolean changed) {
    }

    /** A report attached to a version. */
    public record ReportAttached(String model, int version, String reportId) {
    }

    /** A promotion request recorded. */
    public record PromotionRequestCreated(String model, int version, String requestId) {
    }

    /** An approval; {@code recorded} false when the approver had already approved the request. */
    public record Approval(String model, int version, String requestId, String approver, boolean recorded,
                           int approvals) {
    }

    /**
     * A version went to Production: the evidence, and the stage it came from. {@code incumbent} stays
     * beside it while a canary runs ({@code canaryPercent} set), otherwise it was archived.
     */
    public record Promoted(String model, int version, String requestId, int policyVersion, String reportId,
                           List<String> approvers, Integer canaryPercent, Integer incumbent, Stage from)
            implements ProductionMove {
    }

    /**
     * A move to Production that failed its gates: a {@code PromotionRefused} event was recorded (and is
     * committed), and the caller answers 422 with every failed check. Returned, not thrown, because a
     * thrown refusal would roll the event back.
     */
    public record PromotionBlocked(String model, int version, String requestId, List<FailedCheck> failedChecks)
            implements ProductionMove {
    }

    /** What a command that may move a version into Production ended with. */
    public sealed interface ProductionMove permits Promoted, PromotionBlocked, StageChanged {
    }

    /** A canary ended: {@code production} serves all traffic now, {@code archived} left Production. */
    public record CanaryEnded(String model, int canary, boolean finalized, int production, int archived) {
    }

    /** Production went back from {@code fromVersion} (archived) to {@code toVersion}. */
    public record RolledBack(String model, int fromVersion, int toVersion) {
    }

    /** The owner team after a reassignment; {@code changed} false when it already owned the model. */
    public record OwnerReassigned(String model, String ownerTeam, String previousOwnerTeam, boolean changed) {
    }

    /** A deprecation step of the job; {@code recorded} false when it was stale or already recorded. */
    public record DeprecationStep(String model, boolean recorded) {
    }
}
