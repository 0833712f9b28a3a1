package dev.modelregistry.events.tracking;

/** Events of one experiment; subject {@code experiment:<experimentId>}. */
public sealed interface ExperimentEvent extends TrackingEvent
        permits ExperimentCreated, ExperimentUpdated, ExperimentDeleted {

    String experimentId();

    @Override
    default String subject() {
        return "experiment:" + experimentId();
    }
}
