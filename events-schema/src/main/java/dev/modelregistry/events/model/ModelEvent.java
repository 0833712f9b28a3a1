package dev.modelregistry.events.model;

import dev.modelregistry.events.RegistryEvent;

/**
 * Everything that can happen to a registered model and its versions. Sealed so that every
 * projection switches over it exhaustively: a new event does not compile until each projection
 * has decided what it means.
 */
public sealed interface ModelEvent extends RegistryEvent
        permits ModelRegistered, ModelUpdated, ModelDeleted,
                VersionRegistered, VersionStageTransitioned, VersionRestored, VersionDeleted,
                AliasAssigned, AliasRemoved,
                PromotionPolicySet, EvaluationReportAttached, PromotionRequested, PromotionApproved, PromotionRefused,
                VersionPromoted, CanaryFinalized, CanaryAborted, ProductionRolledBack,
                ModelOwnerReassigned, ModelDeprecationWarned, ModelExpired {

    /** Full model name; the aggregate identifier and the Kafka key. */
    String model();

    @Override
    default String subject() {
        return model();
    }
}
