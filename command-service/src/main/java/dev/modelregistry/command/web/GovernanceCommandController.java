package dev.modelregistry.command.web;

import static dev.modelregistry.command.web.CommandResponses.body;

import dev.modelregistry.command.gateway.EventMetaData;
import dev.modelregistry.command.gateway.RegistryCommandGateway;
import dev.modelregistry.command.gateway.RegistryCommandGateway.CommandResult;
import dev.modelregistry.command.governance.Evaluators;
import dev.modelregistry.command.governance.Governance;
import dev.modelregistry.command.governance.Governance.AttachedReport;
import dev.modelregistry.command.model.AbortCanary;
import dev.modelregistry.command.model.ApprovePromotion;
import dev.modelregistry.command.model.CommandOutcomes.Approval;
import dev.modelregistry.command.model.CommandOutcomes.CanaryEnded;
import dev.modelregistry.command.model.CommandOutcomes.OwnerReassigned;
import dev.modelregistry.command.model.CommandOutcomes.PolicySet;
import dev.modelregistry.command.model.CommandOutcomes.ProductionMove;
import dev.modelregistry.command.model.CommandOutcomes.Promoted;
import dev.modelregistry.command.model.CommandOutcomes.PromotionBlocked;
import dev.modelregistry.command.model.CommandOutcomes.PromotionRequestCreated;
import dev.modelregistry.command.model.CommandOutcomes.RolledBack;
import dev.modelregistry.command.model.FinalizeCanary;
import dev.modelregistry.command.model.ModelCommand;
import dev.modelregistry.command.model.PromoteVersion;
import dev.modelregistry.command.model.ReassignOwner;
import dev.modelregistry.command.model.RequestPromotion;
import dev.modelregistry.command.model.RollBackProduction;
import dev.modelregistry.command.model.SetPromotionPolicy;
import dev.modelregistry.command.web.CommandRequests.ReasonRequest;
import dev.modelregistry.command.web.GovernanceRequests.ApproveRequest;
import dev.modelregistry.command.web.GovernanceRequests.EvaluatorRequest;
import dev.modelregistry.command.web.GovernanceRequests.PolicyRequest;
import dev.modelregistry.command.web.GovernanceRequests.PromoteRequest;
import dev.modelregistry.command.web.GovernanceRequests.ReassignOwnerRequest;
import dev.modelregistry.command.web.GovernanceRequests.ReportRequest;
import dev.modelregistry.command.web.GovernanceRequests.RequestPromotionRequest;
import dev.modelregistry.command.web.GovernanceValidator.Evidence;
import dev.modelregistry.command.web.GovernanceValidator.Policy;
import dev.modelregistry.events.model.Stage;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Governance commands (docs/api.md, "Governance (commands)"): promotion policies, evaluators, signed
 * evaluation reports, promotion requests, approvals, the one-call promotion, canaries, rollback and owner
 * reassignment. Every answer that wrote an event carries {@value CommandHeaders#POSITION}, including the
 * 422 {@code promotion_refused} (its refusal is an event). The approver of an approval is the
 * authenticated principal; {@code approver} in {@code :promote} must be that principal.
 */
@RestController
public class GovernanceCommandController {

    static final String MODELS = ModelCommandController.MODELS;
    static final String VERSION = MODELS + "/{name}/versions/{version}";
    static final String EVALUATORS = "/api/v1/admin/evaluators";

    private final RegistryCommandGateway gateway;
    private final CommandJson json;
    private final CurrentActor actor;
    private final Governance governance;
    private final Evaluators evaluators;

    GovernanceCommandController(RegistryCommandGateway gateway, CommandJson json, CurrentActor actor,
                                Governance governance, Evaluators evaluators) {
        this.gateway = gateway;
        this.json = json;
        this.actor = actor;
        this.governance = governance;
        this.evaluators = evaluators;
    }

    @PutMapping(MODELS + "/{name}/promotion-policy")
    ResponseEntity<Map<String, Object>> setPolicy(@PathVariable("name") String name, HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        String model = GovernanceValidator.modelName(name);
        PolicyRequest body = json.read(request, PolicyRequest.class, true);
        Policy policy = GovernanceValidator.policy(body);
        CommandResult<PolicySet> result = send(new SetPromotionPolicy(model, policy.thresholds(),
                policy.noRegression(), policy.requireReport(), policy.requiredApprovals(), policy.approvers()),
                body.reason(), correlationId);
        return ResponseEntity.ok().headers(CommandHeaders.of(result.position(), correlationId))
                .body(body("model", model, "policy_version", result.outcome().policyVersion(),
                        "changed", result.outcome().changed()));
    }

    @PostMapping(EVALUATORS)
    ResponseEntity<Map<String, Object>> registerEvaluator(HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        EvaluatorRequest body = json.read(request, EvaluatorRequest.class, true);
        GovernanceValidator.evaluator(body.evaluator(), body.publicKey(), body.description(), body.reason());
        Evaluators.Change change = evaluators.register(body.evaluator(), body.publicKey(), body.description(),
                metaData(correlationId, body.reason()));
        return ResponseEntity.created(URI.create(EVALUATORS + "/" + body.evaluator()))
                .headers(CommandHeaders.of(change.position(), correlationId))
                .body(body("evaluator", body.evaluator(), "description", body.description(), "revoked", false));
    }

    @PostMapping(EVALUATORS + "/{evaluator}:revoke")
    ResponseEntity<Map<String, Object>> revokeEvaluator(@PathVariable("evaluator") String evaluator,
                                                        HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        GovernanceValidator.evaluatorName("evaluator", evaluator);
        ReasonRequest body = json.read(request, ReasonRequest.class, false);
        String reason = body == null ? null : body.reason();
        GovernanceValidator.approve(null, reason);
        Evaluators.Change change = evaluators.revoke(evaluator, reason, metaData(correlationId, reason));
        return ResponseEntity.ok().headers(CommandHeaders.of(change.position(), correlationId))
                .body(body("evaluator", evaluator, "revoked", true));
    }

    @PostMapping(VERSION + "/evaluation-reports")
    ResponseEntity<Map<String, Object>> attachReport(@PathVariable("name") String name,
                                                     @PathVariable("version") String version,
                                                     HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        String model = GovernanceValidator.modelName(name);
        int number = GovernanceValidator.version(version);
        ReportRequest body = json.read(request, ReportRequest.class, true);
        Evidence evidence = GovernanceValidator.report(body.evaluator(), body.report(), body.signature(), body.reason());
        AttachedReport report = governance.attachReport(model, number, body.evaluator(), evidence.report(),
                evidence.signature(), metaData(correlationId, body.reason()));
        Map<String, Object> answer = body("report_id", report.reportId(), "model", model, "version", number,
                "evaluator", report.evaluator(), "artifact_sha256", report.artifactSha256(),
                "dataset_sha256", report.datasetSha256(), "metrics", new TreeMap<>(report.metrics()),
                "issued_at", report.issuedAt().toString(), "expires_at", report.expiresAt().toString());
        return ResponseEntity.created(URI.create(MODELS + "/" + model + "/versions/" + number + "/evaluation-reports/"
                        + report.reportId()))
                .headers(CommandHeaders.of(report.position(), correlationId)).body(answer);
    }

    @PostMapping(VERSION + ":request-promotion")
    ResponseEntity<Map<String, Object>> requestPromotion(@PathVariable("name") String name,
                                                         @PathVariable("version") String version,
                                                         HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        String model = GovernanceValidator.modelName(name);
        int number = GovernanceValidator.version(version);
        RequestPromotionRequest body = json.read(request, RequestPromotionRequest.class, false);
        if (body == null) {
            body = new RequestPromotionRequest(null, null, null);
        }
        GovernanceValidator.canaryAndReport(body.canaryPct(), body.evaluationReportId(), body.reason());
        String requestId = UUID.randomUUID().toString();
        CommandResult<PromotionRequestCreated> result = send(new RequestPromotion(model, number, requestId,
                body.canaryPct(), body.evaluationReportId()), body.reason(), correlationId);
        return ResponseEntity.status(HttpStatus.CREATED).headers(CommandHeaders.of(result.position(), correlationId))
                .body(body("request_id", requestId, "model", model, "version", number, "canary_pct", body.canaryPct(),
                        "evaluation_report_id", body.evaluationReportId()));
    }

    @PostMapping(VERSION + ":approve")
    ResponseEntity<Map<String, Object>> approve(@PathVariable("name") String name,
                                                @PathVariable("version") String version,
                                                HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        String model = GovernanceValidator.modelName(name);
        int number = GovernanceValidator.version(version);
        ApproveRequest body = json.read(request, ApproveRequest.class, false);
        if (body == null) {
            body = new ApproveRequest(null, null);
        }
        GovernanceValidator.approve(body.requestId(), body.reason());
        CommandResult<Approval> result = send(new ApprovePromotion(model, number, body.requestId(), actor.actor()),
                body.reason(), correlationId);
        Approval approval = result.outcome();
        return ResponseEntity.ok().headers(CommandHeaders.of(result.position(), correlationId))
                .body(body("model", model, "version", number, "request_id", approval.requestId(),
                        "approver", approval.approver(), "approvals", approval.approvals(),
                        "recorded", approval.recorded()));
    }

    @PostMapping(VERSION + ":promote")
    ResponseEntity<Object> promote(@PathVariable("name") String name, @PathVariable("version") String version,
                                   HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        String model = GovernanceValidator.modelName(name);
        int number = GovernanceValidator.version(version);
        PromoteRequest body = json.read(request, PromoteRequest.class, false);
        if (body == null) {
            body = new PromoteRequest(null, null, null, null);
        }
        GovernanceValidator.canaryAndReport(body.canaryPct(), body.evaluationReportId(), body.reason());
        String principal = actor.actor();
        if (body.approver() != null && !body.approver().equals(principal)) {
            throw RequestRejected.of(HttpStatus.BAD_REQUEST, "approver", ProblemTypes.APPROVER_MISMATCH,
                    "approver must be you (the authenticated principal); others approve with :approve.");
        }
        CommandResult<ProductionMove> result = send(new PromoteVersion(model, number, body.approver(),
                body.canaryPct(), body.evaluationReportId(), governance.gateContext(model)), body.reason(),
                correlationId);
        return productionAnswer(result, correlationId, request);
    }

    @PostMapping(VERSION + ":finalize")
    ResponseEntity<Map<String, Object>> finalizeCanary(@PathVariable("name") String name,
                                                       @PathVariable("version") String version,
                                                       HttpServletRequest request) {
        return endCanary(name, version, request, true);
    }

    @PostMapping(VERSION + ":abort")
    ResponseEntity<Map<String, Object>> abortCanary(@PathVariable("name") String name,
                                                    @PathVariable("version") String version,
                                                    HttpServletRequest request) {
        return endCanary(name, version, request, false);
    }

    @PostMapping(MODELS + "/{name}:rollback")
    ResponseEntity<Map<String, Object>> rollback(@PathVariable("name") String name, HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        String model = GovernanceValidator.modelName(name);
        String reason = reason(request);
        CommandResult<RolledBack> result = send(new RollBackProduction(model), reason, correlationId);
        return ResponseEntity.ok().headers(CommandHeaders.of(result.position(), correlationId))
                .body(body("model", model, "from_version", result.outcome().fromVersion(),
                        "to_version", result.outcome().toVersion(), "production_version", result.outcome().toVersion()));
    }

    @PostMapping(MODELS + "/{name}:reassign-owner")
    ResponseEntity<Map<String, Object>> reassignOwner(@PathVariable("name") String name, HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        String model = GovernanceValidator.modelName(name);
        ReassignOwnerRequest body = json.read(request, ReassignOwnerRequest.class, true);
        GovernanceValidator.team(body.ownerTeam(), body.reason());
        governance.requireTeam(body.ownerTeam());
        CommandResult<OwnerReassigned> result = send(new ReassignOwner(model, body.ownerTeam()), body.reason(),
                correlationId);
        return ResponseEntity.ok().headers(CommandHeaders.of(result.position(), correlationId))
                .body(body("model", model, "owner_team", result.outcome().ownerTeam(),
                        "previous_owner_team", result.outcome().previousOwnerTeam(),
                        "changed", result.outcome().changed()));
    }

    // ---------------------------------------------------------------------------------------------

    /** The answer of a command that may move a version into Production (also used by {@code :transition}). */
    static ResponseEntity<Object> productionAnswer(CommandResult<? extends ProductionMove> result, String correlationId,
                                                   HttpServletRequest request) {
        return switch (result.outcome()) {
            case PromotionBlocked blocked -> CommandProblemHandler.promotionRefused(blocked, result.position(), request);
            case Promoted promoted -> ResponseEntity.ok().headers(CommandHeaders.of(result.position(), correlationId))
                    .body(body("model", promoted.model(), "version", promoted.version(),
                            "id", promoted.model() + "@" + promoted.version(), "stage", Stage.PRODUCTION.label(),
                            "previous_stage", promoted.from().label(), "request_id", promoted.requestId(),
                            "policy_version", promoted.policyVersion(),
                            "evaluation_report_id", promoted.reportId(), "approvers", promoted.approvers(),
                            "canary_pct", promoted.canaryPercent(), "incumbent", promoted.incumbent(),
                            "archived_version", promoted.canaryPercent() == null ? promoted.incumbent() : null));
            case dev.modelregistry.command.model.CommandOutcomes.StageChanged change -> ResponseEntity.ok()
                    .headers(CommandHeaders.of(result.position(), correlationId))
                    .body(new CommandResponses.StageResponse(change.model(), change.version(),
                            change.model() + "@" + change.version(), change.to().label(), change.from().label(),
                            change.archivedIncumbent()));
        };
    }

    private ResponseEntity<Map<String, Object>> endCanary(String name, String version, HttpServletRequest request,
                                                          boolean finalize) {
        String correlationId = CorrelationIds.resolve(request);
        String model = GovernanceValidator.modelName(name);
        int number = GovernanceValidator.version(version);
        String reason = reason(request);
        ModelCommand command = finalize ? new FinalizeCanary(model, number) : new AbortCanary(model, number);
        CommandResult<CanaryEnded> result = send(command, reason, correlationId);
        CanaryEnded ended = result.outcome();
        return ResponseEntity.ok().headers(CommandHeaders.of(result.position(), correlationId))
                .body(body("model", model, "version", number, "outcome", finalize ? "finalized" : "aborted",
                        "production_version", ended.production(), "archived_version", ended.archived()));
    }

    private String reason(HttpServletRequest request) {
        ReasonRequest body = json.read(request, ReasonRequest.class, false);
        String reason = body == null ? null : body.reason();
        GovernanceValidator.approve(null, reason);
        return reason;
    }

    private <R> CommandResult<R> send(ModelCommand command, String reason, String correlationId) {
        return gateway.send(command, metaData(correlationId, reason));
    }

    private EventMetaData metaData(String correlationId, String reason) {
        return new EventMetaData(actor.actor(), correlationId, reason);
    }
}
