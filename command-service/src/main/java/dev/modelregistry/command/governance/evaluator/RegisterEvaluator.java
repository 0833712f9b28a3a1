package dev.modelregistry.command.governance.evaluator;

/** Registers an evaluator with its Ed25519 public key (base64 X.509 DER, validated by the sender). */
public record RegisterEvaluator(String evaluator, String publicKey, String description) implements EvaluatorCommand {
}
