package dev.modelregistry.command.tracking;

import dev.modelregistry.command.eventstore.EventPositions;
import dev.modelregistry.command.eventstore.EventPositions.Answer;
import dev.modelregistry.command.gateway.EventMetaData;
import dev.modelregistry.command.model.VersionDraft.DeclaredFile;
import dev.modelregistry.command.model.VersionManifests;
import dev.modelregistry.command.refusal.CommandRefusal;
import dev.modelregistry.command.tracking.aggregate.CreateExperiment;
import dev.modelregistry.command.tracking.aggregate.DeleteExperiment;
import dev.modelregistry.command.tracking.aggregate.DeleteRun;
import dev.modelregistry.command.tracking.aggregate.ExperimentCommand;
import dev.modelregistry.command.tracking.aggregate.ExperimentDetails;
import dev.modelregistry.command.tracking.aggregate.FinishRun;
import dev.modelregistry.command.tracking.aggregate.LogRunArtifacts;
import dev.modelregistry.command.tracking.aggregate.LogRunData;
import dev.modelregistry.command.tracking.aggregate.RunCommand;
import dev.modelregistry.command.tracking.aggregate.StartRun;
import dev.modelregistry.command.tracking.aggregate.TrackingChange;
import dev.modelregistry.command.tracking.aggregate.UpdateExperiment;
import dev.modelregistry.events.tracking.DatasetInput;
import dev.modelregistry.events.tracking.MetricPoint;
import dev.modelregistry.events.tracking.Param;
import dev.modelregistry.events.tracking.RunEnvironment;
import dev.modelregistry.events.tracking.RunStatus;
import dev.modelregistry.events.tracking.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;

/**
 * Experiment tracking's command side: looks up the namespace of an experiment or a run (for the caller to
 * authorize before anything is sent), makes ids ({@link TrackingIds}) and default times (the event clock),
 * checks a run's artifacts against the store ({@link VersionManifests#held}) and sends the commands of the
 * {@code Experiment} and {@code Run} aggregates; reads a finished run's data ({@link #finishedRun}) for a
 * version registered from it. Refusals come back as {@link TrackingError}, the model
 * feature's {@code ArtifactsUnavailable} for files the store cannot back, or the artifact catalog's
 * {@code ArtifactNotHeld} for a file collected between that check and the commit.
 */
public final class Tracking {

    /** What a command did and the position of its last event (the aggregate's latest when it recorded none). */
    public record Change(boolean recorded, long position) {
    }

    public record NewExperiment(String experimentId, long position) {
    }

    /** The experiment's description and tags after the update, whether it recorded an event, and the position. */
    public record UpdatedExperiment(String description, List<Tag> tags, boolean recorded, long position) {
    }

    public record NewRun(String runId, String experimentId, String namespace, Instant startTime, long position) {
    }

    /** A run to start as the client described it; a null {@code startTime} is now. */
    public record RunDraft(String experimentId, String name, List<Tag> tags, Instant startTime, String codeCommit,
                           String framework, String frameworkVersion, RunEnvironment environment) {
    }

    /** A metric point as requested: a null {@code timestamp} is the time of the request. */
    public record MetricDraft(String key, double value, long step, Instant timestamp) {
    }

    private final TrackingTables tables;
    private final RunSummaries summaries;
    private final VersionManifests manifests;
    private final CommandGateway gateway;
    private final EventPositions positions;
    private final TrackingIds ids;
    private final Clock clock;
    private final int attempts;

    Tracking(TrackingTables tables, RunSummaries summaries, VersionManifests manifests, CommandGateway gateway,
             EventPositions positions, TrackingIds ids, Clock clock, int concurrencyRetries) {
        this.tables = tables;
        this.summaries = summaries;
        this.manifests = manifests;
        this.gateway = gateway;
        this.positions = positions;
        this.ids = ids;
        this.clock = clock;
        this.attempts = Math.max(1, concurrencyRetries + 1);
    }

    // ------------------------------------------------------------------------------ look-ups (authorize first)

    /** @throws TrackingError.ExperimentNotFound when no such experiment was ever created */
    public String experimentNamespace(String experimentId) {
        return tables.experiment(experimentId).map(TrackingTables.ExperimentRow::namespace)
                .orElseThrow(() -> new TrackingError.ExperimentNotFound(experimentId));
    }

    /** @throws TrackingError.RunNotFound when no such run was ever started */
    public String runNamespace(String runId) {
        return tables.namespaceOfRun(runId).orElseThrow(() -> new TrackingError.RunNotFound(runId));
    }

    /**
     * A finished run's data, folded from its own events ({@link RunSummary}): what a model version
     * registered from it copies. Authorize on {@link #runNamespace} first.
     *
     * @throws TrackingError.RunNotFound when no such run was ever started, or it is deleted
     * @throws TrackingError.RunActive when it is still RUNNING (its data could still change)
     */
    public RunSummary finishedRun(String runId) {
        RunSummary run = summaries.read(runId).filter(summary -> !summary.deleted())
                .orElseThrow(() -> new TrackingError.RunNotFound(runId));
        if (!run.finished()) {
            throw new TrackingError.RunActive(runId);
        }
        return run;
    }

    // ------------------------------------------------------------------------------ experiments

    /** @throws TrackingError.ExperimentExists when the name is taken in the namespace */
    public NewExperiment createExperiment(String namespace, String name, String description, List<Tag> tags,
                                          EventMetaData metaData) {
        String experimentId = ids.next();
        Answer<Object> sent = send(new CreateExperiment(experimentId, namespace, name, description, tags), metaData);
        return new NewExperiment(experimentId, sent.position());
    }

    public UpdatedExperiment updateExperiment(String experimentId, String description, List<Tag> tags,
                                              EventMetaData metaData) {
        Answer<Object> sent = send(new UpdateExperiment(experimentId, description, tags), metaData);
        ExperimentDetails details = (ExperimentDetails) sent.result();
        return new UpdatedExperiment(details.description(), details.tags(), details.recorded(), sent.position());
    }

    public Change deleteExperiment(String experimentId, EventMetaData metaData) {
        return change(send(new DeleteExperiment(experimentId), metaData));
    }

    // ------------------------------------------------------------------------------ runs

    /**
     * @throws TrackingError.ExperimentNotFound when the experiment does not exist
     * @throws TrackingError.ExperimentDeleted when it is deleted
     */
    public NewRun startRun(RunDraft draft, EventMetaData metaData) {
        TrackingTables.ExperimentRow experiment = tables.experiment(draft.experimentId())
                .orElseThrow(() -> new TrackingError.ExperimentNotFound(draft.experimentId()));
        if (experiment.deleted()) {
            throw new TrackingError.ExperimentDeleted(draft.experimentId());
        }
        String runId = ids.next();
        Instant startTime = draft.startTime() != null ? draft.startTime() : clock.instant();
        Answer<Object> sent = send(new StartRun(runId, draft.experimentId(), experiment.namespace(), draft.name(),
                startTime, draft.tags(), draft.codeCommit(), draft.framework(), draft.frameworkVersion(),
                draft.environment()), metaData);
        return new NewRun(runId, draft.experimentId(), experiment.namespace(), startTime, sent.position());
    }

    /**
     * One batch, one event.
     *
     * @throws TrackingError.ParamConflict when a param is logged with another value
     * @throws TrackingError.RunNotActive when the run is finished or deleted
     */
    public Change logBatch(String runId, List<Param> params, List<MetricDraft> metrics, List<Tag> tags,
                           List<DatasetInput> inputs, EventMetaData metaData) {
        Instant now = clock.instant();
        List<MetricPoint> points = new ArrayList<>(metrics.size());
        for (MetricDraft metric : metrics) {
            points.add(new MetricPoint(metric.key(), metric.value(), metric.step(),
                    metric.timestamp() != null ? metric.timestamp() : now));
        }
        return change(send(new LogRunData(runId, params, points, tags, inputs), metaData));
    }

    /** @throws dev.modelregistry.command.model.RegistryError.ArtifactsUnavailable for files the store cannot back */
    public Change logArtifacts(String runId, List<DeclaredFile> files, EventMetaData metaData) {
        return change(send(new LogRunArtifacts(runId, manifests.held(files)), metaData));
    }

    /** A null {@code endTime} is now. */
    public Change finishRun(String runId, RunStatus status, Instant endTime, EventMetaData metaData) {
        return change(send(new FinishRun(runId, status, endTime != null ? endTime : clock.instant()), metaData));
    }

    public Change deleteRun(String runId, EventMetaData metaData) {
        return change(send(new DeleteRun(runId), metaData));
    }

    // ---------------------------------------------------------------------------------------------

    private static Change change(Answer<Object> sent) {
        return new Change(sent.result() == TrackingChange.RECORDED, sent.position());
    }

    private Answer<Object> send(Object command, EventMetaData metaData) {
        String aggregateId = switch (command) {
            case ExperimentCommand experiment -> experiment.aggregateId();
            case RunCommand run -> run.aggregateId();
            default -> throw new IllegalArgumentException("not a tracking command");
        };
        for (int attempt = 1; ; attempt++) {
            Object answer;
            try {
                answer = gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                        .andMetaData(metaData.toMetaData()));
            } catch (RuntimeException e) {
                Throwable cause = CommandRefusal.causeIn(e, CommandRefusal.class);
                // a tracking refusal, or the artifact catalog's (a run's file collected meanwhile)
                if (cause instanceof CommandRefusal refusal) {
                    throw refusal;
                }
                if (cause instanceof AggregateNotFoundException) {
                    throw switch (command) {
                        case ExperimentCommand experiment -> new TrackingError.ExperimentNotFound(experiment.experimentId());
                        case RunCommand run -> new TrackingError.RunNotFound(run.runId());
                        default -> e;
                    };
                }
                // another instance wrote the same aggregate first; the loser wrote nothing, so retry
                if (cause instanceof ConcurrencyException && attempt < attempts) {
                    continue;
                }
                throw e;
            }
            return positions.answerOf(answer, Object.class, aggregateId);
        }
    }
}
