package dev.modelregistry.events.evaluation;

import dev.modelregistry.events.RegistryEvent;

/**
 * Evaluators: the programs or people whose signed evaluation reports the registry accepts as evidence
 * for a promotion. Subject {@code evaluator:<name>}.
 */
public sealed interface EvaluatorEvent extends RegistryEvent permits EvaluatorRegistered, EvaluatorRevoked {

    String evaluator();

    @Override
    default String subject() {
        return "evaluator:" + evaluator();
    }
}
