package dev.modelregistry.command.governance.evaluator;

/** Stops accepting the evaluator's reports; revoking a revoked evaluator records nothing. */
public record RevokeEvaluator(String evaluator, String reason) implements EvaluatorCommand {
}
