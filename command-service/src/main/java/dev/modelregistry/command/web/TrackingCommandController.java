package dev.modelregistry.command.web;

import static dev.modelregistry.command.web.CommandResponses.body;

import dev.modelregistry.access.Permission;
import dev.modelregistry.command.gateway.EventMetaData;
import dev.modelregistry.command.tracking.Tracking;
import dev.modelregistry.command.tracking.Tracking.Change;
import dev.modelregistry.command.tracking.Tracking.NewExperiment;
import dev.modelregistry.command.tracking.Tracking.NewRun;
import dev.modelregistry.command.tracking.Tracking.RunDraft;
import dev.modelregistry.command.tracking.Tracking.UpdatedExperiment;
import dev.modelregistry.command.web.TrackingRequests.CreateExperimentRequest;
import dev.modelregistry.command.web.TrackingRequests.FinishRunRequest;
import dev.modelregistry.command.web.TrackingRequests.LogArtifactsRequest;
import dev.modelregistry.command.web.TrackingRequests.LogBatchRequest;
import dev.modelregistry.command.web.TrackingRequests.StartRunRequest;
import dev.modelregistry.command.web.TrackingRequests.UpdateExperimentRequest;
import dev.modelregistry.command.web.TrackingValidator.Batch;
import dev.modelregistry.command.web.TrackingValidator.ExperimentDraft;
import dev.modelregistry.command.web.TrackingValidator.Finish;
import dev.modelregistry.events.tracking.RunStatus;
import dev.modelregistry.events.tracking.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Experiment tracking commands (docs/api.md, "Experiment tracking (commands)"). The route rules are
 * HANDLER-scoped: the namespace is the body's ({@code POST /experiments}) or the experiment's or run's,
 * looked up in the command side's tracking tables and checked here before the body is read (for the two
 * creations, whose namespace is only known from the body: contributor somewhere first, the namespace
 * after validation) and before anything is sent, so a caller without the permission learns nothing from
 * validation and writes nothing.
 * Every answer that wrote an event carries {@value CommandHeaders#POSITION}.
 */
@RestController
public class TrackingCommandController {

    static final String EXPERIMENTS = "/api/v1/experiments";
    static final String EXPERIMENT = EXPERIMENTS + "/{experiment_id}";
    static final String RUNS = "/api/v1/runs";
    static final String RUN = RUNS + "/{run_id}";

    private final Tracking tracking;
    private final CommandJson json;
    private final CurrentActor actor;
    private final CommandAuthorization authorization;

    TrackingCommandController(Tracking tracking, CommandJson json, CurrentActor actor,
                              CommandAuthorization authorization) {
        this.tracking = tracking;
        this.json = json;
        this.actor = actor;
        this.authorization = authorization;
    }

    @PostMapping(EXPERIMENTS)
    ResponseEntity<Map<String, Object>> createExperiment(HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        authorization.requireSomewhere(Permission.CONTRIBUTE);
        ExperimentDraft draft = TrackingValidator.createExperiment(
                json.read(request, CreateExperimentRequest.class, true));
        authorization.require(Permission.CONTRIBUTE, draft.namespace());
        NewExperiment created = tracking.createExperiment(draft.namespace(), draft.name(), draft.description(),
                draft.tags(), metaData(correlationId));
        return ResponseEntity.created(URI.create(EXPERIMENTS + "/" + created.experimentId()))
                .headers(CommandHeaders.of(created.position(), correlationId))
                .body(body("experiment_id", created.experimentId(), "namespace", draft.namespace(),
                        "name", draft.name(), "description", draft.description(), "tags", tagMap(draft.tags())));
    }

    @PatchMapping(EXPERIMENT)
    ResponseEntity<Map<String, Object>> updateExperiment(@PathVariable("experiment_id") String experimentId,
                                                         HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        String id = TrackingValidator.id("experiment_id", experimentId);
        authorization.require(Permission.CONTRIBUTE, tracking.experimentNamespace(id));
        ExperimentDraft draft = TrackingValidator.updateExperiment(
                json.read(request, UpdateExperimentRequest.class, true));
        UpdatedExperiment updated = tracking.updateExperiment(id, draft.description(), draft.tags(),
                metaData(correlationId));
        return ResponseEntity.ok().headers(CommandHeaders.of(updated.position(), correlationId))
                .body(body("experiment_id", id, "description", updated.description(),
                        "tags", tagMap(updated.tags()), "changed", updated.recorded()));
    }

    @DeleteMapping(EXPERIMENT)
    ResponseEntity<Void> deleteExperiment(@PathVariable("experiment_id") String experimentId,
                                          HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        String id = TrackingValidator.id("experiment_id", experimentId);
        authorization.require(Permission.ADMINISTER, tracking.experimentNamespace(id));
        Change change = tracking.deleteExperiment(id, metaData(correlationId));
        return ResponseEntity.noContent().headers(CommandHeaders.of(change.position(), correlationId)).build();
    }

    @PostMapping(RUNS)
    ResponseEntity<Map<String, Object>> startRun(HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        authorization.requireSomewhere(Permission.CONTRIBUTE);
        RunDraft draft = TrackingValidator.startRun(json.read(request, StartRunRequest.class, true));
        authorization.require(Permission.CONTRIBUTE, tracking.experimentNamespace(draft.experimentId()));
        NewRun run = tracking.startRun(draft, metaData(correlationId));
        return ResponseEntity.created(URI.create(RUNS + "/" + run.runId()))
                .headers(CommandHeaders.of(run.position(), correlationId))
                .body(body("run_id", run.runId(), "experiment_id", run.experimentId(), "namespace", run.namespace(),
                        "name", draft.name(), "status", RunStatus.RUNNING.name(),
                        "start_time", run.startTime().toEpochMilli()));
    }

    @PostMapping(RUN + ":log-batch")
    ResponseEntity<Map<String, Object>> logBatch(@PathVariable("run_id") String runId, HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        String id = authorizeRun(runId, Permission.CONTRIBUTE);
        Batch batch = TrackingValidator.logBatch(json.read(request, LogBatchRequest.class, true));
        Change change = tracking.logBatch(id, batch.params(), batch.metrics(), batch.tags(), batch.inputs(),
                metaData(correlationId));
        return ResponseEntity.ok().headers(CommandHeaders.of(change.position(), correlationId))
                .body(body("run_id", id, "recorded", change.recorded()));
    }

    @PostMapping(RUN + ":log-artifacts")
    ResponseEntity<Map<String, Object>> logArtifacts(@PathVariable("run_id") String runId,
                                                     HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        String id = authorizeRun(runId, Permission.CONTRIBUTE);
        LogArtifactsRequest body = json.read(request, LogArtifactsRequest.class, true);
        Change change = tracking.logArtifacts(id, RequestValidator.runArtifacts(body.files()), metaData(correlationId));
        return ResponseEntity.ok().headers(CommandHeaders.of(change.position(), correlationId))
                .body(body("run_id", id, "recorded", change.recorded()));
    }

    @PostMapping(RUN + ":finish")
    ResponseEntity<Map<String, Object>> finishRun(@PathVariable("run_id") String runId, HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        String id = authorizeRun(runId, Permission.CONTRIBUTE);
        Finish finish = TrackingValidator.finish(json.read(request, FinishRunRequest.class, true));
        Change change = tracking.finishRun(id, finish.status(), finish.endTime(), metaData(correlationId));
        return ResponseEntity.ok().headers(CommandHeaders.of(change.position(), correlationId))
                .body(body("run_id", id, "status", finish.status().name()));
    }

    @DeleteMapping(RUN)
    ResponseEntity<Void> deleteRun(@PathVariable("run_id") String runId, HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        String id = authorizeRun(runId, Permission.ADMINISTER);
        Change change = tracking.deleteRun(id, metaData(correlationId));
        return ResponseEntity.noContent().headers(CommandHeaders.of(change.position(), correlationId)).build();
    }

    // ---------------------------------------------------------------------------------------------

    /** The run's namespace from the command side's table, checked before the body is read. */
    private String authorizeRun(String runId, Permission permission) {
        String id = TrackingValidator.id("run_id", runId);
        authorization.require(permission, tracking.runNamespace(id));
        return id;
    }

    private EventMetaData metaData(String correlationId) {
        return new EventMetaData(actor.actor(), correlationId, null);
    }

    private static Map<String, String> tagMap(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(tag -> map.put(tag.key(), tag.value()));
        return map;
    }
}
