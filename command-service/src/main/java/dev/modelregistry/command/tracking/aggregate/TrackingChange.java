package dev.modelregistry.command.tracking.aggregate;

/** Whether a tracking command recorded an event. */
public enum TrackingChange {
    RECORDED,
    UNCHANGED
}
