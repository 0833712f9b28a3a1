package dev.modelregistry.command.web;

import dev.modelregistry.access.AccessDeniedProblem;
import dev.modelregistry.access.Namespaces;
import dev.modelregistry.access.Permission;
import dev.modelregistry.command.gateway.EventMetaData;
import dev.modelregistry.command.gateway.RegistryCommandGateway;
import dev.modelregistry.command.gateway.RegistryCommandGateway.CommandResult;
import dev.modelregistry.command.model.CommandOutcomes.AliasChanged;
import dev.modelregistry.command.governance.PromotionGuards;
import dev.modelregistry.command.model.CommandOutcomes.ModelDetails;
import dev.modelregistry.command.model.CommandOutcomes.ProductionMove;
import dev.modelregistry.command.model.CommandOutcomes.StageChanged;
import dev.modelregistry.command.model.CommandOutcomes.VersionCreated;
import dev.modelregistry.command.model.AssignAlias;
import dev.modelregistry.command.model.DeleteModel;
import dev.modelregistry.command.model.DeleteVersion;
import dev.modelregistry.command.model.ModelCommand;
import dev.modelregistry.command.model.RegisterModel;
import dev.modelregistry.command.model.RegisterVersion;
import dev.modelregistry.command.model.RemoveAlias;
import dev.modelregistry.command.model.RestoreVersion;
import dev.modelregistry.command.model.TransitionVersionStage;
import dev.modelregistry.command.model.UpdateModel;
import dev.modelregistry.command.model.VersionDraft;
import dev.modelregistry.command.model.VersionManifests;
import dev.modelregistry.command.web.CommandRequests.AssignAliasRequest;
import dev.modelregistry.command.web.CommandRequests.ReasonRequest;
import dev.modelregistry.command.web.CommandRequests.RegisterModelRequest;
import dev.modelregistry.command.web.CommandRequests.RegisterVersionRequest;
import dev.modelregistry.command.web.CommandRequests.TransitionRequest;
import dev.modelregistry.command.web.CommandRequests.UpdateModelRequest;
import dev.modelregistry.command.web.CommandResponses.AliasResponse;
import dev.modelregistry.command.web.CommandResponses.ArtifactResponse;
import dev.modelregistry.command.web.CommandResponses.FileResponse;
import dev.modelregistry.command.web.CommandResponses.ModelResponse;
import dev.modelregistry.command.web.CommandResponses.StageResponse;
import dev.modelregistry.command.web.CommandResponses.VersionResponse;
import dev.modelregistry.command.web.RequestValidator.Validated;
import dev.modelregistry.events.model.Stage;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * REST commands, v1 (JSON, snake_case). Every answer carries {@value CommandHeaders#POSITION} (the
 * global position of the command's last event, for read-your-writes on the query side) and
 * {@value CommandHeaders#CORRELATION_ID}; every refusal is {@code application/problem+json}
 * ({@link CommandProblemHandler}). Bodies are read by {@link CommandJson}, checked by
 * {@link RequestValidator}, and sent through {@link RegistryCommandGateway}; the actor is the
 * {@link CurrentActor}, never a request field. A new version is prepared by {@link VersionRegistration}
 * before its command is sent: merged with the run it comes from, its parents of other models checked, its
 * files checked against the artifact store ({@link VersionManifests}).
 *
 * <p>Authorization: the filter chain checks each route's rule ({@link CommandRoutes}); this controller
 * adds what only it can see ({@link CommandAuthorization}): registering a model needs contributor in the
 * namespace of the name in the body, a transition into or out of Production needs deploy, and a version
 * registered from a run or naming parents of other models needs read in their namespaces.
 */
@RestController
public class ModelCommandController {

    static final String MODELS = "/api/v1/models";

    private final RegistryCommandGateway gateway;
    private final CommandJson json;
    private final CurrentActor actor;
    private final VersionRegistration registration;
    private final CommandAuthorization authorization;
    private final PromotionGuards governance;

    ModelCommandController(RegistryCommandGateway gateway, CommandJson json, CurrentActor actor,
                           VersionRegistration registration, CommandAuthorization authorization,
                           PromotionGuards governance) {
        this.gateway = gateway;
        this.json = json;
        this.actor = actor;
        this.registration = registration;
        this.authorization = authorization;
        this.governance = governance;
    }

    @PostMapping(MODELS)
    ResponseEntity<ModelResponse> registerModel(HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        Validated<RegisterModel> valid =
                RequestValidator.registerModel(json.read(request, RegisterModelRequest.class, true));
        // the route's rule cannot see a name in the body: contributor in the model's namespace
        authorization.require(Permission.CONTRIBUTE, Namespaces.namespaceOf(valid.value().model()));
        // the owner team must exist (422 unknown_team); omitted, it is the model's namespace
        RegisterModel command = valid.value();
        String ownerTeam = governance.ownerTeamOf(command.model(), command.ownerTeam());
        CommandResult<ModelDetails> result = send(new RegisterModel(command.model(), command.description(), ownerTeam,
                command.tags()), valid.reason(), correlationId);
        ModelDetails model = result.outcome();
        return ResponseEntity.created(URI.create(MODELS + "/" + model.model()))
                .headers(headers(result))
                .body(new ModelResponse(model.model(), model.description(), ownerTeam, sorted(model.tags())));
    }

    @PatchMapping(MODELS + "/{name}")
    ResponseEntity<ModelResponse> updateModel(@PathVariable("name") String name, HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        Validated<UpdateModel> valid =
                RequestValidator.updateModel(name, json.read(request, UpdateModelRequest.class, true));
        CommandResult<ModelDetails> result = send(valid, correlationId);
        ModelDetails model = result.outcome();
        return ResponseEntity.ok()
                .headers(headers(result))
                .body(new ModelResponse(model.model(), model.description(), null, sorted(model.tags())));
    }

    @DeleteMapping(MODELS + "/{name}")
    ResponseEntity<Void> deleteModel(@PathVariable("name") String name, HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        Validated<DeleteModel> valid =
                RequestValidator.deleteModel(name, json.read(request, ReasonRequest.class, false));
        return ResponseEntity.noContent().headers(headers(send(valid, correlationId))).build();
    }

    @PostMapping(MODELS + "/{name}/versions")
    ResponseEntity<VersionResponse> registerVersion(@PathVariable("name") String name, HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        Validated<VersionDraft> valid = RequestValidator.registerVersion(name,
                json.read(request, RegisterVersionRequest.class, true));
        RegisterVersion command = registration.prepare(valid.value(), actor.actor());
        CommandResult<VersionCreated> result = send(command, valid.reason(), correlationId);
        VersionCreated version = result.outcome();
        return ResponseEntity.created(URI.create(MODELS + "/" + version.model() + "/versions/" + version.version()))
                .headers(headers(result))
                .body(new VersionResponse(version.model(), version.version(), id(version.model(), version.version()),
                        Stage.NONE.label(), version.lineageHash(),
                        new ArtifactResponse(command.artifact().uri(), command.artifact().sha256()),
                        command.files().stream().map(f -> new FileResponse(f.path(), f.sha256(), f.size())).toList()));
    }

    @PostMapping(MODELS + "/{name}/versions/{version}:transition")
    ResponseEntity<Object> transition(@PathVariable("name") String name,
                                             @PathVariable("version") String version,
                                             HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        // the route's rule is the baseline (contributor, which reviewer and deployer include): into or
        // out of Production needs deploy, any other move review or deploy. The target is known here, the
        // current stage only to the aggregate, which refuses the rest (mayChangeProduction false).
        String namespace = Namespaces.namespaceOf(Namespaces.canonicalModelName(name));
        boolean mayDeploy = authorization.allows(Permission.DEPLOY, namespace);
        Validated<TransitionVersionStage> valid = RequestValidator.transition(name, version,
                json.read(request, TransitionRequest.class, true), mayDeploy);
        if (valid.value().stage() == Stage.PRODUCTION && !mayDeploy) {
            throw new AccessDeniedProblem(Permission.DEPLOY, namespace);
        }
        if (!mayDeploy && !authorization.allows(Permission.REVIEW, namespace)) {
            throw new AccessDeniedProblem(Permission.REVIEW, namespace);
        }
        TransitionVersionStage command = valid.value();
        if (command.stage() == Stage.PRODUCTION) {
            // every move to Production passes the promotion gates (422 promotion_refused, recorded)
            command = new TransitionVersionStage(command.model(), command.version(), command.stage(),
                    command.archiveExisting(), command.mayChangeProduction(), governance.gateContext(command.model()));
        }
        CommandResult<ProductionMove> result = send(command, valid.reason(), correlationId);
        return GovernanceCommandController.productionAnswer(result, correlationId, request);
    }

    @PostMapping(MODELS + "/{name}/versions/{version}:restore")
    ResponseEntity<StageResponse> restore(@PathVariable("name") String name,
                                          @PathVariable("version") String version,
                                          HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        Validated<RestoreVersion> valid =
                RequestValidator.restore(name, version, json.read(request, ReasonRequest.class, false));
        return stageAnswer(send(valid, correlationId));
    }

    @DeleteMapping(MODELS + "/{name}/versions/{version}")
    ResponseEntity<Void> deleteVersion(@PathVariable("name") String name, @PathVariable("version") String version,
                                       HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        Validated<DeleteVersion> valid = RequestValidator.deleteVersion(name, version,
                json.read(request, ReasonRequest.class, false));
        return ResponseEntity.noContent().headers(headers(send(valid, correlationId))).build();
    }

    @PutMapping(MODELS + "/{name}/aliases/{alias}")
    ResponseEntity<AliasResponse> assignAlias(@PathVariable("name") String name, @PathVariable("alias") String alias,
                                              HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        Validated<AssignAlias> valid = RequestValidator.assignAlias(name, alias,
                json.read(request, AssignAliasRequest.class, true));
        CommandResult<AliasChanged> result = send(valid, correlationId);
        AliasChanged change = result.outcome();
        return ResponseEntity.ok()
                .headers(headers(result))
                .body(new AliasResponse(change.model(), change.alias(), change.version(), change.previousVersion()));
    }

    @DeleteMapping(MODELS + "/{name}/aliases/{alias}")
    ResponseEntity<Void> removeAlias(@PathVariable("name") String name, @PathVariable("alias") String alias,
                                     HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        Validated<RemoveAlias> valid =
                RequestValidator.removeAlias(name, alias, json.read(request, ReasonRequest.class, false));
        return ResponseEntity.noContent().headers(headers(send(valid, correlationId))).build();
    }

    // ---------------------------------------------------------------------------------------------

    private <R> CommandResult<R> send(Validated<? extends ModelCommand> valid, String correlationId) {
        return send(valid.value(), valid.reason(), correlationId);
    }

    private <R> CommandResult<R> send(ModelCommand command, String reason, String correlationId) {
        return gateway.send(command, new EventMetaData(actor.actor(), correlationId, reason));
    }

    private static ResponseEntity<StageResponse> stageAnswer(CommandResult<StageChanged> result) {
        StageChanged change = result.outcome();
        return ResponseEntity.status(HttpStatus.OK)
                .headers(headers(result))
                .body(new StageResponse(change.model(), change.version(), id(change.model(), change.version()),
                        change.to().label(), change.from().label(), change.archivedIncumbent()));
    }

    private static HttpHeaders headers(CommandResult<?> result) {
        return CommandHeaders.of(result.position(), result.correlationId());
    }

    private static String id(String model, int version) {
        return model + "@" + version;
    }

    private static Map<String, String> sorted(Map<String, String> map) {
        return map == null ? Map.of() : new TreeMap<>(map);
    }
}
