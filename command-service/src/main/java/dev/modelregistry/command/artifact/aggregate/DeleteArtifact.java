package dev.modelregistry.command.artifact.aggregate;

/** Records that the collector removed the blob's bytes; {@code reason} says why (kept in the event). */
public record DeleteArtifact(String sha256, String reason) implements ArtifactCommand {
}
