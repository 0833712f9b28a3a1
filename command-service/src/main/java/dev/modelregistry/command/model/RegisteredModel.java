package dev.modelregistry.command.model;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.modelregistry.command.model.CommandOutcomes.AliasChanged;
import dev.modelregistry.command.model.CommandOutcomes.Approval;
import dev.modelregistry.command.model.CommandOutcomes.CanaryEnded;
import dev.modelregistry.command.model.CommandOutcomes.DeprecationStep;
import dev.modelregistry.command.model.CommandOutcomes.Done;
import dev.modelregistry.command.model.CommandOutcomes.ModelDetails;
import dev.modelregistry.command.model.CommandOutcomes.OwnerReassigned;
import dev.modelregistry.command.model.CommandOutcomes.PolicySet;
import dev.modelregistry.command.model.CommandOutcomes.ProductionMove;
import dev.modelregistry.command.model.CommandOutcomes.Promoted;
import dev.modelregistry.command.model.CommandOutcomes.PromotionBlocked;
import dev.modelregistry.command.model.CommandOutcomes.PromotionRequestCreated;
import dev.modelregistry.command.model.CommandOutcomes.ReportAttached;
import dev.modelregistry.command.model.CommandOutcomes.RolledBack;
import dev.modelregistry.command.model.CommandOutcomes.StageChanged;
import dev.modelregistry.command.model.CommandOutcomes.VersionCreated;
import dev.modelregistry.command.model.RegistryError.AliasInvalid;
import dev.modelregistry.command.model.RegistryError.AliasNotFound;
import dev.modelregistry.command.model.RegistryError.ApproverNotListed;
import dev.modelregistry.command.model.RegistryError.ArtifactMismatch;
import dev.modelregistry.command.model.RegistryError.CanaryNeedsIncumbent;
import dev.modelregistry.command.model.RegistryError.CanaryNotRunning;
import dev.modelregistry.command.model.RegistryError.CanaryRunning;
import dev.modelregistry.command.model.RegistryError.EvaluationReportExists;
import dev.modelregistry.command.model.RegistryError.NoPreviousProduction;
import dev.modelregistry.command.model.RegistryError.PromotionRequestClosed;
import dev.modelregistry.command.model.RegistryError.PromotionRequestNotFound;
import dev.modelregistry.command.model.RegistryError.SelfApproval;
import dev.modelregistry.command.model.RegistryError.IllegalStageTransition;
import dev.modelregistry.command.model.RegistryError.LineageCycle;
import dev.modelregistry.command.model.RegistryError.LineageInvalid;
import dev.modelregistry.command.model.RegistryError.ModelAlreadyExists;
import dev.modelregistry.command.model.RegistryError.ProductionChangeNotPermitted;
import dev.modelregistry.command.model.RegistryError.ProductionVersionExists;
import dev.modelregistry.command.model.RegistryError.StageUnchanged;
import dev.modelregistry.command.model.RegistryError.VersionInProduction;
import dev.modelregistry.command.model.RegistryError.VersionNotFound;
import dev.modelregistry.events.model.AliasAssigned;
import dev.modelregistry.events.model.AliasRemoved;
import dev.modelregistry.events.model.CanaryAborted;
import dev.modelregistry.events.model.CanaryFinalized;
import dev.modelregistry.events.model.EvaluationReportAttached;
import dev.modelregistry.events.model.FailedCheck;
import dev.modelregistry.events.model.MetricThreshold;
import dev.modelregistry.events.model.ModelDeprecationWarned;
import dev.modelregistry.events.model.ModelExpired;
import dev.modelregistry.events.model.ModelOwnerReassigned;
import dev.modelregistry.events.model.ProductionRolledBack;
import dev.modelregistry.events.model.PromotionApproved;
import dev.modelregistry.events.model.PromotionPolicySet;
import dev.modelregistry.events.model.PromotionRefused;
import dev.modelregistry.events.model.PromotionRequested;
import dev.modelregistry.events.model.RegressionLimit;
import dev.modelregistry.events.model.VersionPromoted;
import dev.modelregistry.events.model.ModelDeleted;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.events.model.ModelUpdated;
import dev.modelregistry.events.model.Stage;
import dev.modelregistry.events.model.VersionReference;
import dev.modelregistry.events.model.VersionDeleted;
import dev.modelregistry.events.model.VersionRegistered;
import dev.modelregistry.events.model.VersionRestored;
import dev.modelregistry.events.model.VersionStageTransitioned;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A registered model with its versions and aliases: the consistency boundary for everything that
 * happens to one model name. It allocates version numbers (1, 2, 3, ... without gaps: Axon locks the
 * aggregate per command in this JVM and the event store's unique (aggregate, sequence) key refuses a
 * concurrent writer elsewhere) and enforces the lifecycle.
 *
 * <p>State kept here is only what the invariants need (stage and deleted flag per version, aliases,
 * description and tags for updates); everything else lives in the events. The state is plain fields
 * and records so that snapshots serialize with Jackson. No clock, no id generator, no I/O.
 *
 * <p>Governance (issue 4): the owner team, the versioned promotion policy, evaluation reports per
 * version, promotion requests and approvals, the promotion gates on every move to Production (a failed
 * gate records {@link PromotionRefused} and the handler returns {@link PromotionBlocked} instead of
 * throwing, so the refusal is committed), canaries, the Production history that rollback walks back, and
 * deprecation. What the gates need from outside (time, whether the owner team is staffed, revoked
 * evaluators) arrives in the command as a {@link GateContext}; the author of a version is the actor of its
 * {@link VersionRegistered}.
 *
 * <p>The stored aggregate type ({@code domain_event_entry.type}) is fixed to {@code RegisteredModel},
 * independent of this class's name. {@code @Revision("2")}: issue 4 added state that snapshots of
 * revision 1 do not hold (authors, digests, Production history); Axon's revision snapshot filter skips
 * those snapshots and the model loads from its events, so no gate ever decides on missing state.
 */
@Aggregate(type = "RegisteredModel", snapshotTriggerDefinition = ModelConfiguration.SNAPSHOT_TRIGGER,
        cache = ModelConfiguration.CACHE)
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
@Revision("2")
class RegisteredModel {

    /** Rollback walks back at most this many promotions (older history is dropped). */
    static final int PRODUCTION_HISTORY = 64;

    /**
     * Per version (index = version - 1): its stage, whether it is deleted, its author (the actor of its
     * registration), its artifact digest and registered metrics, its latest attached report, and the
     * report it was last promoted with (null: none).
     */
    record VersionState(Stage stage, boolean deleted, String author, String artifactSha256,
                        TreeMap<String, Double> metrics, String latestReport, String promotionReport) {

        VersionState withStage(Stage newStage) {
            return new VersionState(newStage, deleted, author, artifactSha256, metrics, latestReport, promotionReport);
        }

        VersionState markDeleted() {
            return new VersionState(stage, true, author, artifactSha256, metrics, latestReport, promotionReport);
        }

        VersionState withLatestReport(String reportId) {
            return new VersionState(stage, deleted, author, artifactSha256, metrics, reportId, promotionReport);
        }

        VersionState withPromotionReport(String reportId) {
            return new VersionState(stage, deleted, author, artifactSha256, metrics, latestReport, reportId);
        }
    }

    /** The promotion policy in force. */
    record Policy(int version, List<MetricThreshold> thresholds, List<RegressionLimit> noRegression,
                  boolean requireEvaluationReport, int requiredApprovals, List<String> approvers) {

        boolean sameRules(SetPromotionPolicy command) {
            return thresholds.equals(command.thresholds()) && noRegression.equals(command.noRegression())
                    && requireEvaluationReport == command.requireEvaluationReport()
                    && requiredApprovals == command.requiredApprovals() && approvers.equals(command.approvers());
        }

        boolean lists(String approver) {
            return approvers.isEmpty() || approvers.contains(approver);
        }
    }

    /** An attached report: what it says (its bytes and signature are kept by the command side's table). */
    record Report(int version, String evaluator, String artifactSha256, TreeMap<String, Double> metrics,
                  Instant issuedAt, Instant expiresAt) {
    }

    /** A promotion request and the approvals it collected; closed once its version was promoted. */
    record Request(String id, int version, Integer canaryPercent, String reportId, List<String> approvers, boolean open) {
    }

    /** A running canary: {@code version} serves {@code percent} of traffic beside {@code incumbent}. */
    record Canary(int version, int percent, int incumbent) {
    }

    @AggregateIdentifier
    private String name;
    private boolean deleted;
    private String description;
    private TreeMap<String, String> tags = new TreeMap<>();
    private ArrayList<VersionState> versions = new ArrayList<>();
    private TreeMap<String, Integer> aliases = new TreeMap<>();
    private Integer productionVersion;
    private String ownerTeam;
    private Policy policy;
    private TreeMap<String, Report> reports = new TreeMap<>();
    private LinkedHashMap<String, Request> requests = new LinkedHashMap<>();
    private Canary canary;
    /** Versions that were "the" Production version, oldest first; the last is the current one. */
    private ArrayList<Integer> productionHistory = new ArrayList<>();
    /** Time of the last version's registration (of the model's, without versions), to the millisecond. */
    private Instant lastVersionAt;
    /** The {@link #lastVersionAt} a deprecation warning was recorded for (null: none since the last version). */
    private Instant warnedFor;
    private boolean expired;

    RegisteredModel() {
        // for Axon (new aggregates, event sourcing) and Jackson (snapshots)
    }

    // ----------------------------------------------------------------------------------- commands

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    ModelDetails handle(RegisterModel command) {
        if (name != null) {
            throw new ModelAlreadyExists(command.model());
        }
        apply(new ModelRegistered(command.model(), command.description(), command.ownerTeam(), command.tags()));
        return details();
    }

    @CommandHandler
    ModelDetails handle(UpdateModel command) {
        ensureLive();
        String newDescription = command.description() != null ? command.description() : description;
        Map<String, String> newTags = command.tags() != null ? new TreeMap<>(command.tags()) : tags;
        if (Objects.equals(newDescription, description) && newTags.equals(tags)) {
            return details();
        }
        apply(new ModelUpdated(name, newDescription, newTags));
        return details();
    }

    @CommandHandler
    Done handle(DeleteModel command) {
        ensureLive();
        if (productionVersion != null) {
            throw new VersionInProduction(name, productionVersion, "deleting the model");
        }
        apply(new ModelDeleted(name));
        return new Done(name);
    }

    @CommandHandler
    VersionCreated handle(RegisterVersion command) {
        ensureLive();
        int next = versions.size() + 1;
        if (command.lineage() != null) {
            for (VersionReference parent : command.lineage().parents()) {
                if (parent.model().equals(name) && parent.version() == next) {
                    throw new LineageCycle(name + "@" + next);
                }
                if (parent.model().equals(name) && parent.version() > next) {
                    throw new LineageInvalid("lineage.parents", "Parent " + parent + " is a later version; "
                            + "a version's parents must already exist (this one will be " + name + "@" + next
                            + ").");
                }
            }
        }
        apply(new VersionRegistered(name, next, command.artifact(), command.files(), command.framework(),
                command.frameworkVersion(), command.params(), command.metrics(), command.description(),
                command.tags(), command.lineage(), command.lineageHash()));
        return new VersionCreated(name, next, command.lineageHash());
    }

    @CommandHandler
    ProductionMove handle(TransitionVersionStage command) {
        ensureLive();
        int version = command.version();
        Stage from = liveVersion(version).stage();
        Stage to = command.stage();
        if (to == null) {
            throw new IllegalStageTransition(name, version, from, from, "a target stage is required");
        }
        if (from == to) {
            throw new StageUnchanged(name, version, to);
        }
        if (!allowed(from, to)) {
            throw new IllegalStageTransition(name, version, from, to, hint(from, to));
        }
        if (!command.mayChangeProduction() && (to == Stage.PRODUCTION || from == Stage.PRODUCTION)) {
            throw new ProductionChangeNotPermitted(name, version);
        }
        if (canary != null && (to == Stage.PRODUCTION || from == Stage.PRODUCTION)) {
            throw new CanaryRunning(name, canary.version());
        }
        if (to == Stage.PRODUCTION && productionVersion != null && !command.archiveExisting()) {
            throw new ProductionVersionExists(name, productionVersion);
        }
        if (to == Stage.PRODUCTION) {
            // every move to Production passes the gates; without a policy only orphan and expiry apply,
            // and the move records the same events as before governance
            Request request = latestOpenRequest(version);
            String requestId = requestIdOf(version, request);
            Gates gates = gates(version, null, request, null, command.gates());
            if (!gates.failed().isEmpty()) {
                apply(new PromotionRefused(name, version, requestId, gates.failed()));
                return new PromotionBlocked(name, version, requestId, gates.failed());
            }
            if (policy != null) {
                apply(new VersionPromoted(name, version, requestId, policy.version(), gates.reportId(),
                        gates.approvers(), null, productionVersion));
            }
        }
        Integer archived = null;
        if (to == Stage.PRODUCTION && productionVersion != null) {
            archived = productionVersion;
            apply(new VersionStageTransitioned(name, archived, Stage.PRODUCTION, Stage.ARCHIVED));
        }
        apply(new VersionStageTransitioned(name, version, from, to));
        return new StageChanged(name, version, from, to, archived);
    }

    @CommandHandler
    PolicySet handle(SetPromotionPolicy command) {
        ensureLive();
        if (policy != null && policy.sameRules(command)) {
            return new PolicySet(name, policy.version(), false);
        }
        int next = policy == null ? 1 : policy.version() + 1;
        apply(new PromotionPolicySet(name, next, command.thresholds(), command.noRegression(),
                command.requireEvaluationReport(), command.requiredApprovals(), command.approvers()));
        return new PolicySet(name, next, true);
    }

    @CommandHandler
    ReportAttached handle(AttachEvaluationReport command) {
        ensureLive();
        VersionState state = liveVersion(command.version());
        if (reports.containsKey(command.reportId())) {
            throw new EvaluationReportExists(name, command.reportId());
        }
        if (!command.artifactSha256().equals(state.artifactSha256())) {
            throw new ArtifactMismatch(name, command.version(), command.artifactSha256(), state.artifactSha256());
        }
        apply(new EvaluationReportAttached(name, command.version(), command.reportId(), command.evaluator(),
                command.artifactSha256(), command.datasetSha256(), command.metrics(), command.issuedAt(),
                command.expiresAt()));
        return new ReportAttached(name, command.version(), command.reportId());
    }

    @CommandHandler
    PromotionRequestCreated handle(RequestPromotion command) {
        ensureLive();
        VersionState state = liveVersion(command.version());
        if (state.stage() == Stage.PRODUCTION) {
            throw new StageUnchanged(name, command.version(), Stage.PRODUCTION);
        }
        apply(new PromotionRequested(name, command.version(), command.requestId(), command.canaryPercent(),
                command.evaluationReportId()));
        return new PromotionRequestCreated(name, command.version(), command.requestId());
    }

    @CommandHandler
    Approval handle(ApprovePromotion command) {
        ensureLive();
        int version = command.version();
        VersionState state = liveVersion(version);
        String requestId = command.requestId();
        Request request;
        if (requestId == null) {
            request = latestOpenRequest(version);
            requestId = requestIdOf(version, request);
        } else {
            request = requests.get(requestId);
            if (request != null && request.version() != version) {
                request = null;
            }
        }
        if (request == null) {
            throw new PromotionRequestNotFound(name, version, command.requestId());
        }
        if (!request.open()) {
            throw new PromotionRequestClosed(name, requestId);
        }
        checkApprover(version, state, command.approver());
        if (request.approvers().contains(command.approver())) {
            return new Approval(name, version, requestId, command.approver(), false, request.approvers().size());
        }
        apply(new PromotionApproved(name, version, requestId, command.approver()));
        return new Approval(name, version, requestId, command.approver(), true, request.approvers().size() + 1);
    }

    @CommandHandler
    ProductionMove handle(PromoteVersion command) {
        ensureLive();
        int version = command.version();
        VersionState state = liveVersion(version);
        Stage from = state.stage();
        if (from == Stage.PRODUCTION) {
            throw new StageUnchanged(name, version, Stage.PRODUCTION);
        }
        if (canary != null) {
            throw new CanaryRunning(name, canary.version());
        }
        // the governed path may skip Staging (its gates are the review); an Archived version is restored first
        if (from == Stage.ARCHIVED) {
            throw new IllegalStageTransition(name, version, from, Stage.PRODUCTION, hint(from, Stage.PRODUCTION));
        }
        Request request = latestOpenRequest(version);
        String requestId = requestIdOf(version, request);
        Integer canaryPercent = command.canaryPercent() != null ? command.canaryPercent()
                : request == null ? null : request.canaryPercent();
        if (canaryPercent != null && productionVersion == null) {
            throw new CanaryNeedsIncumbent(name);
        }
        if (command.approver() != null) {
            checkApprover(version, state, command.approver());
        }
        Gates gates = gates(version, command.evaluationReportId(), request, command.approver(), command.gates());
        if (!gates.failed().isEmpty()) {
            apply(new PromotionRefused(name, version, requestId, gates.failed()));
            return new PromotionBlocked(name, version, requestId, gates.failed());
        }
        Integer incumbent = productionVersion;
        apply(new VersionPromoted(name, version, requestId, policy == null ? 0 : policy.version(), gates.reportId(),
                gates.approvers(), canaryPercent, incumbent));
        if (canaryPercent == null && incumbent != null) {
            apply(new VersionStageTransitioned(name, incumbent, Stage.PRODUCTION, Stage.ARCHIVED));
        }
        apply(new VersionStageTransitioned(name, version, from, Stage.PRODUCTION));
        return new Promoted(name, version, requestId, policy == null ? 0 : policy.version(), gates.reportId(),
                gates.approvers(), canaryPercent, incumbent, from);
    }

    @CommandHandler
    CanaryEnded handle(FinalizeCanary command) {
        ensureLive();
        liveVersion(command.version());
        Canary running = runningCanary(command.version());
        apply(new CanaryFinalized(name, running.version(), running.incumbent()));
        apply(new VersionStageTransitioned(name, running.incumbent(), Stage.PRODUCTION, Stage.ARCHIVED));
        return new CanaryEnded(name, running.version(), true, running.version(), running.incumbent());
    }

    @CommandHandler
    CanaryEnded handle(AbortCanary command) {
        ensureLive();
        liveVersion(command.version());
        Canary running = runningCanary(command.version());
        apply(new CanaryAborted(name, running.version(), running.incumbent()));
        apply(new VersionStageTransitioned(name, running.version(), Stage.PRODUCTION, Stage.ARCHIVED));
        return new CanaryEnded(name, running.version(), false, running.incumbent(), running.version());
    }

    @CommandHandler
    RolledBack handle(RollBackProduction command) {
        ensureLive();
        if (canary != null) {
            throw new CanaryRunning(name, canary.version());
        }
        if (productionVersion == null) {
            throw new NoPreviousProduction(name, "no version is in Production");
        }
        int current = productionVersion;
        if (productionHistory.size() < 2) {
            throw new NoPreviousProduction(name, "no version was in Production before " + name + "@" + current);
        }
        int previous = productionHistory.get(productionHistory.size() - 2);
        VersionState previousState = versions.get(previous - 1);
        if (previousState.deleted()) {
            throw new NoPreviousProduction(name, "version " + name + "@" + previous
                    + ", in Production before the current one, is deleted");
        }
        apply(new ProductionRolledBack(name, current, previous));
        apply(new VersionStageTransitioned(name, current, Stage.PRODUCTION, Stage.ARCHIVED));
        apply(new VersionStageTransitioned(name, previous, previousState.stage(), Stage.PRODUCTION));
        return new RolledBack(name, current, previous);
    }

    @CommandHandler
    OwnerReassigned handle(ReassignOwner command) {
        ensureLive();
        if (command.ownerTeam().equals(ownerTeam)) {
            return new OwnerReassigned(name, ownerTeam, ownerTeam, false);
        }
        String previous = ownerTeam;
        apply(new ModelOwnerReassigned(name, command.ownerTeam(), previous));
        return new OwnerReassigned(name, command.ownerTeam(), previous, true);
    }

    @CommandHandler
    DeprecationStep handle(WarnOfDeprecation command) {
        ensureLive();
        Instant at = millis(command.lastVersionAt());
        if (!at.equals(lastVersionAt) || at.equals(warnedFor)) {
            return new DeprecationStep(name, false);
        }
        apply(new ModelDeprecationWarned(name, at, command.expiresAt()));
        return new DeprecationStep(name, true);
    }

    @CommandHandler
    DeprecationStep handle(ExpireModel command) {
        ensureLive();
        Instant at = millis(command.lastVersionAt());
        if (expired || !at.equals(lastVersionAt) || !at.equals(warnedFor)) {
            return new DeprecationStep(name, false);
        }
        apply(new ModelExpired(name, at));
        return new DeprecationStep(name, true);
    }

    @CommandHandler
    StageChanged handle(RestoreVersion command) {
        ensureLive();
        Stage from = liveVersion(command.version()).stage();
        if (from != Stage.ARCHIVED) {
            throw new IllegalStageTransition(name, command.version(), from, Stage.NONE,
                    "only an Archived version can be restored");
        }
        apply(new VersionRestored(name, command.version()));
        return new StageChanged(name, command.version(), from, Stage.NONE, null);
    }

    @CommandHandler
    Done handle(DeleteVersion command) {
        ensureLive();
        int version = command.version();
        if (liveVersion(version).stage() == Stage.PRODUCTION) {
            throw new VersionInProduction(name, version, "deleting it");
        }
        List<String> pointing = aliases.entrySet().stream()
                .filter(alias -> alias.getValue() == version)
                .map(Map.Entry::getKey)
                .toList();
        for (String alias : pointing) {
            apply(new AliasRemoved(name, alias, version));
        }
        apply(new VersionDeleted(name, version));
        return new Done(name);
    }

    @CommandHandler
    AliasChanged handle(AssignAlias command) {
        ensureLive();
        AliasNames.problem(command.alias()).ifPresent(problem -> {
            throw new AliasInvalid(problem);
        });
        liveVersion(command.version());
        Integer previous = aliases.get(command.alias());
        if (previous != null && previous == command.version()) {
            return new AliasChanged(name, command.alias(), command.version(), previous, false);
        }
        apply(new AliasAssigned(name, command.alias(), command.version(), previous));
        return new AliasChanged(name, command.alias(), command.version(), previous, true);
    }

    @CommandHandler
    Done handle(RemoveAlias command) {
        ensureLive();
        Integer version = aliases.get(command.alias());
        if (version == null) {
            throw new AliasNotFound(name, command.alias());
        }
        apply(new AliasRemoved(name, command.alias(), version));
        return new Done(name);
    }

    // ------------------------------------------------------------------------------------- gates

    /** The outcome of the gates: every failed check, and the evidence when none failed. */
    private record Gates(List<FailedCheck> failed, String reportId, List<String> approvers) {
    }

    /**
     * Checks every gate of a move of {@code version} to Production and lists each one that fails (never
     * stopping at the first): orphaned or expired model, then, with a report cited or (under a policy)
     * attached, the report; under a policy, the thresholds and the regression limits on the version's
     * metrics (the report's when a report is used, else the registered ones) and the approvals.
     */
    private Gates gates(int version, String citedReport, Request request, String approver, GateContext context) {
        VersionState state = versions.get(version - 1);
        List<FailedCheck> failed = new ArrayList<>();
        if (context == null || !context.ownerTeamStaffed()) {
            failed.add(new FailedCheck("model_orphaned", "Owner team '" + ownerTeam + "' has no enabled member; "
                    + "an admin must reassign the model (:reassign-owner) before it can be promoted."));
        }
        if (expired) {
            failed.add(new FailedCheck("model_expired", "No version was registered since " + lastVersionAt
                    + "; the model expired. Register a new version."));
        }
        String reportId = citedReport != null ? citedReport : request == null ? null : request.reportId();
        if (reportId == null && policy != null) {
            reportId = state.latestReport();
        }
        Report report = reportId == null ? null : reports.get(reportId);
        if (reportId == null) {
            if (policy != null && policy.requireEvaluationReport()) {
                failed.add(new FailedCheck("evaluation_report_required", "The policy requires a signed evaluation "
                        + "report; none is attached to version " + version + "."));
            }
        } else if (report == null) {
            failed.add(new FailedCheck("evaluation_report_unknown", "Model '" + name + "' has no evaluation report '"
                    + reportId + "'."));
        } else if (report.version() != version || !report.artifactSha256().equals(state.artifactSha256())) {
            failed.add(new FailedCheck("evaluation_report_mismatch", "Report '" + reportId + "' evaluates version "
                    + report.version() + " (artifact " + report.artifactSha256() + "), not version " + version + "."));
            report = null;
        } else {
            Instant now = context == null ? null : context.now();
            if (now == null || !report.expiresAt().isAfter(now)) {
                failed.add(new FailedCheck("evaluation_report_expired", "Report '" + reportId + "' expired at "
                        + report.expiresAt() + "."));
            }
            if (context == null || context.revokedEvaluators().contains(report.evaluator())) {
                failed.add(new FailedCheck("evaluation_report_unknown", "Report '" + reportId + "' is signed by "
                        + "evaluator '" + report.evaluator() + "', which was revoked; its reports are no longer "
                        + "accepted."));
            }
        }
        List<String> approvers = approvals(version, state, request, approver);
        if (policy != null) {
            Map<String, Double> metrics = report != null ? report.metrics() : state.metrics();
            String source = report != null ? "report '" + reportId + "'" : "the version's registered metrics";
            for (MetricThreshold threshold : policy.thresholds()) {
                Double value = metrics.get(threshold.metric());
                if (value == null) {
                    failed.add(new FailedCheck("metric_missing", "Metric '" + threshold.metric() + "' is not in "
                            + source + "."));
                } else if (threshold.min() != null && value < threshold.min()) {
                    failed.add(new FailedCheck("metric_below_threshold", "Metric '" + threshold.metric() + "' is "
                            + value + " in " + source + ", below the minimum " + threshold.min() + "."));
                } else if (threshold.max() != null && value > threshold.max()) {
                    failed.add(new FailedCheck("metric_above_threshold", "Metric '" + threshold.metric() + "' is "
                            + value + " in " + source + ", above the maximum " + threshold.max() + "."));
                }
            }
            if (productionVersion != null && productionVersion != version) {
                Map<String, Double> baseline = productionMetrics(productionVersion);
                for (RegressionLimit limit : policy.noRegression()) {
                    Double value = metrics.get(limit.metric());
                    Double incumbent = baseline.get(limit.metric());
                    if (value == null) {
                        failed.add(new FailedCheck("metric_missing", "Metric '" + limit.metric() + "' is not in "
                                + source + "."));
                    } else if (incumbent != null && regressed(value, incumbent, limit)) {
                        failed.add(new FailedCheck("metric_regressed", "Metric '" + limit.metric() + "' is " + value
                                + ", against " + incumbent + " for version " + productionVersion + " in Production ("
                                + (limit.higherIsBetter() ? "higher" : "lower") + " is better, tolerance "
                                + limit.tolerance() + ")."));
                    }
                }
            }
            if (approvers.size() < policy.requiredApprovals()) {
                failed.add(new FailedCheck("approvals_missing", approvers.size() + " of "
                        + policy.requiredApprovals() + " approvals" + (approvers.isEmpty() ? "" : " (" + String.join(
                        ", ", approvers) + ")") + "; approvers: " + String.join(", ", policy.approvers())
                        + " (never the version's author)."));
            }
        }
        return new Gates(List.copyOf(failed), report == null ? null : reportId, approvers);
    }

    private static boolean regressed(double value, double incumbent, RegressionLimit limit) {
        return limit.higherIsBetter() ? value < incumbent - limit.tolerance() : value > incumbent + limit.tolerance();
    }

    /** Approvals that count now: the request's and the caller's, listed by the policy, never the author. */
    private List<String> approvals(int version, VersionState state, Request request, String approver) {
        TreeSet<String> approvers = new TreeSet<>();
        if (request != null) {
            approvers.addAll(request.approvers());
        }
        if (approver != null) {
            approvers.add(approver);
        }
        approvers.removeIf(a -> a.equals(state.author()) || (policy != null && !policy.lists(a)));
        return List.copyOf(approvers);
    }

    /** The metrics a Production version was promoted with: its promotion report's, else its registered ones. */
    private Map<String, Double> productionMetrics(int version) {
        VersionState state = versions.get(version - 1);
        Report report = state.promotionReport() == null ? null : reports.get(state.promotionReport());
        return report != null ? report.metrics() : state.metrics();
    }

    private void checkApprover(int version, VersionState state, String approver) {
        if (approver.equals(state.author())) {
            throw new SelfApproval(name, version, approver);
        }
        if (policy != null && !policy.lists(approver)) {
            throw new ApproverNotListed(name, approver);
        }
    }

    private Request latestOpenRequest(int version) {
        Request latest = null;
        for (Request request : requests.values()) {
            if (request.version() == version && request.open()) {
                latest = request;
            }
        }
        return latest;
    }

    private static String requestIdOf(int version, Request request) {
        return request == null ? null : request.id();
    }

    private Canary runningCanary(int version) {
        if (canary == null || canary.version() != version) {
            throw new CanaryNotRunning(name, version);
        }
        return canary;
    }

    /** Event timestamps are stored to the millisecond; comparisons of times use the same precision. */
    private static Instant millis(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS);
    }

    // ------------------------------------------------------------------------------------- rules

    private static boolean allowed(Stage from, Stage to) {
        return switch (to) {
            case STAGING -> from == Stage.NONE;
            case PRODUCTION -> from == Stage.STAGING;
            case ARCHIVED -> from != Stage.ARCHIVED;
            case NONE -> false;
        };
    }

    private static String hint(Stage from, Stage to) {
        if (to == Stage.NONE) {
            return from == Stage.ARCHIVED ? "use restore to bring an Archived version back"
                    : "a version never returns to None except by restore from Archived";
        }
        if (from == Stage.ARCHIVED) {
            return "restore it first (Archived -> None)";
        }
        return "the lifecycle is None -> Staging -> Production -> Archived, and any stage may be archived";
    }

    private void ensureLive() {
        if (deleted) {
            throw new RegistryError.ModelDeleted(name);
        }
    }

    private VersionState liveVersion(int version) {
        if (version < 1 || version > versions.size()) {
            throw new VersionNotFound(name, version);
        }
        VersionState state = versions.get(version - 1);
        if (state.deleted()) {
            throw new RegistryError.VersionDeleted(name, version);
        }
        return state;
    }

    private ModelDetails details() {
        return new ModelDetails(name, description, Map.copyOf(tags));
    }

    // --------------------------------------------------------------------------- event sourcing

    @EventSourcingHandler
    void on(ModelRegistered event, @Timestamp Instant at) {
        name = event.model();
        description = event.description();
        tags = new TreeMap<>(event.tags());
        ownerTeam = event.ownerTeam();
        lastVersionAt = millis(at);
    }

    @EventSourcingHandler
    void on(ModelUpdated event) {
        description = event.description();
        tags = new TreeMap<>(event.tags());
    }

    @EventSourcingHandler
    void on(ModelDeleted event) {
        deleted = true;
    }

    @EventSourcingHandler
    void on(VersionRegistered event, @MetaDataValue("actor") String actor, @Timestamp Instant at) {
        versions.add(new VersionState(Stage.NONE, false, actor,
                event.artifact() == null ? null : event.artifact().sha256(),
                event.metrics() == null ? new TreeMap<>() : new TreeMap<>(event.metrics()), null, null));
        lastVersionAt = millis(at);
        warnedFor = null;
        expired = false;
    }

    @EventSourcingHandler
    void on(VersionStageTransitioned event) {
        set(event.version(), versions.get(event.version() - 1).withStage(event.to()));
        if (event.to() == Stage.PRODUCTION) {
            if (canary == null || canary.version() != event.version()) {
                productionVersion = event.version();
                recordProduction(event.version());
            }
        } else if (Objects.equals(productionVersion, event.version())) {
            productionVersion = null;
        }
    }

    @EventSourcingHandler
    void on(VersionRestored event) {
        set(event.version(), versions.get(event.version() - 1).withStage(Stage.NONE));
    }

    @EventSourcingHandler
    void on(VersionDeleted event) {
        set(event.version(), versions.get(event.version() - 1).markDeleted());
        if (Objects.equals(productionVersion, event.version())) {
            productionVersion = null;
        }
    }

    @EventSourcingHandler
    void on(PromotionPolicySet event) {
        policy = new Policy(event.policyVersion(), event.thresholds(), event.noRegression(),
                event.requireEvaluationReport(), event.requiredApprovals(), event.approvers());
    }

    @EventSourcingHandler
    void on(EvaluationReportAttached event) {
        reports.put(event.reportId(), new Report(event.version(), event.evaluator(), event.artifactSha256(),
                new TreeMap<>(event.metrics()), event.issuedAt(), event.expiresAt()));
        set(event.version(), versions.get(event.version() - 1).withLatestReport(event.reportId()));
    }

    @EventSourcingHandler
    void on(PromotionRequested event) {
        requests.put(event.requestId(), new Request(event.requestId(), event.version(), event.canaryPercent(),
                event.evaluationReportId(), List.of(), true));
    }

    @EventSourcingHandler
    void on(PromotionApproved event) {
        Request request = requests.get(event.requestId());
        if (request != null) {
            List<String> approvers = new ArrayList<>(request.approvers());
            approvers.add(event.approver());
            requests.put(event.requestId(), new Request(request.id(), request.version(), request.canaryPercent(),
                    request.reportId(), List.copyOf(approvers), request.open()));
        }
    }

    @EventSourcingHandler
    void on(PromotionRefused event) {
        // history only: a refusal changes nothing
    }

    /**
     * A promotion closes every open request of the model, not only its own: approvals were given against
     * the Production version then in place, so after it changed they must be given again. This is also
     * what makes two concurrent promotions of one model end with exactly one winner.
     */
    @EventSourcingHandler
    void on(VersionPromoted event) {
        requests.replaceAll((id, request) -> request.open() ? new Request(request.id(), request.version(),
                request.canaryPercent(), request.reportId(), request.approvers(), false) : request);
        set(event.version(), versions.get(event.version() - 1).withPromotionReport(event.evaluationReportId()));
        if (event.canaryPercent() != null && event.incumbent() != null) {
            canary = new Canary(event.version(), event.canaryPercent(), event.incumbent());
        }
    }

    @EventSourcingHandler
    void on(CanaryFinalized event) {
        canary = null;
        productionVersion = event.version();
        recordProduction(event.version());
    }

    @EventSourcingHandler
    void on(CanaryAborted event) {
        canary = null;
    }

    @EventSourcingHandler
    void on(ProductionRolledBack event) {
        if (!productionHistory.isEmpty() && productionHistory.getLast() == event.fromVersion()) {
            productionHistory.removeLast();
        }
    }

    @EventSourcingHandler
    void on(ModelOwnerReassigned event) {
        ownerTeam = event.ownerTeam();
    }

    @EventSourcingHandler
    void on(ModelDeprecationWarned event) {
        warnedFor = millis(event.lastVersionAt());
    }

    @EventSourcingHandler
    void on(ModelExpired event) {
        expired = true;
    }

    private void recordProduction(int version) {
        if (productionHistory.isEmpty() || productionHistory.getLast() != version) {
            productionHistory.add(version);
            if (productionHistory.size() > PRODUCTION_HISTORY) {
                productionHistory.removeFirst();
            }
        }
    }

    @EventSourcingHandler
    void on(AliasAssigned event) {
        aliases.put(event.alias(), event.version());
    }

    @EventSourcingHandler
    void on(AliasRemoved event) {
        aliases.remove(event.alias());
    }

    private void set(int version, VersionState state) {
        versions.set(version - 1, state);
    }
}
