package dev.modelregistry.events.evaluation;

import dev.modelregistry.events.EventType;

/** Reports of this evaluator are no longer accepted (reports attached before stay in history). */
@EventType(name = "dev.modelregistry.evaluator.revoked", version = 1)
public record EvaluatorRevoked(String evaluator, String reason) implements EvaluatorEvent {
}
