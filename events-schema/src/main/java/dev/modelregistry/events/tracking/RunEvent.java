package dev.modelregistry.events.tracking;

/** Events of one run; subject {@code run:<runId>}. */
public sealed interface RunEvent extends TrackingEvent
        permits RunStarted, RunDataLogged, RunArtifactsLogged, RunFinished, RunDeleted {

    String runId();

    @Override
    default String subject() {
        return "run:" + runId();
    }
}
