package dev.modelregistry.command.governance.evaluator;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Commands of the {@code Evaluator} aggregate, identified by the events' subject
 * {@code evaluator:<name>} (never the bare name, which a model could share).
 */
public sealed interface EvaluatorCommand permits RegisterEvaluator, RevokeEvaluator {

    String evaluator();

    @TargetAggregateIdentifier
    default String aggregateId() {
        return "evaluator:" + evaluator();
    }
}
