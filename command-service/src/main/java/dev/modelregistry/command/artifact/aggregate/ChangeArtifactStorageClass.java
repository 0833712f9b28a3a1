package dev.modelregistry.command.artifact.aggregate;

/**
 * Records that the blob was moved to {@code toClass} in its backend; {@code fromClass} is the class the
 * backend reported before the move (null when unknown).
 */
public record ChangeArtifactStorageClass(String sha256, String fromClass, String toClass) implements ArtifactCommand {
}
