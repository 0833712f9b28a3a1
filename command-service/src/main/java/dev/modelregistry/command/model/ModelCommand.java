package dev.modelregistry.command.model;

/**
 * Every command handled by the {@code RegisteredModel} aggregate. Commands are immutable records named
 * in the imperative; the aggregate identifier is the full model name. Who sends a command, why, and
 * under which correlation id travels as Axon meta data, never in the command itself.
 */
public sealed interface ModelCommand
        permits RegisterModel, UpdateModel, DeleteModel,
                RegisterVersion, TransitionVersionStage, RestoreVersion, DeleteVersion,
                AssignAlias, RemoveAlias,
                SetPromotionPolicy, AttachEvaluationReport, RequestPromotion, ApprovePromotion, PromoteVersion,
                FinalizeCanary, AbortCanary, RollBackProduction, ReassignOwner, WarnOfDeprecation, ExpireModel {

    /** Full model name: the aggregate identifier. */
    String model();
}
