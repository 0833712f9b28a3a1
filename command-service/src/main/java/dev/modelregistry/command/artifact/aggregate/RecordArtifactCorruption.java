package dev.modelregistry.command.artifact.aggregate;

/**
 * Records that re-hashing the blob gave another digest ({@code observedSha256}, {@code observedSize})
 * or found no bytes at all (both null). {@code detectedBy} is {@code download}, {@code upload} or
 * {@code scrub}.
 */
public record RecordArtifactCorruption(String sha256, String observedSha256, Long observedSize, String detectedBy)
        implements ArtifactCommand {
}
