package dev.modelregistry.events.model;

/**
 * Everything that can happen to a registered model and its versions. Sealed so that every
 * projection switches over it exhaustively: a new event does not compile until each projection
 * has decided what it means.
 */
public sealed interface ModelEvent
        permits ModelRegistered, ModelUpdated, ModelDeleted,
                VersionRegistered, VersionStageTransitioned, VersionRestored, VersionDeleted,
                AliasAssigned, AliasRemoved {

    /** Full model name; the aggregate identifier and the Kafka key. */
    String model();
}
