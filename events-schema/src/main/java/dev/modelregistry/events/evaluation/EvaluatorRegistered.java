package dev.modelregistry.events.evaluation;

import dev.modelregistry.events.EventType;

/**
 * An evaluator and its Ed25519 public key ({@code publicKey}: base64 of the X.509 SubjectPublicKeyInfo
 * DER, the form {@code openssl pkey -pubout -outform DER} writes). A public key is not a secret.
 */
@EventType(name = "dev.modelregistry.evaluator.registered", version = 1)
public record EvaluatorRegistered(String evaluator, String publicKey, String description) implements EvaluatorEvent {
}
