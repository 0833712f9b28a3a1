package dev.modelregistry.events.artifact;

import dev.modelregistry.events.EventType;

/**
 * The stored bytes of a blob no longer hash to its digest (bit rot, tampering) or are missing. The
 * blob is never served again until the right bytes are uploaded again. {@code observedSha256} and
 * {@code observedSize} are null when the bytes are missing; {@code detectedBy} says which path
 * found it: {@code download}, {@code upload} or {@code scrub}.
 */
@EventType(name = "dev.modelregistry.artifact.corruption-detected", version = 1)
public record ArtifactCorruptionDetected(String sha256, long expectedSize, String observedSha256, Long observedSize,
                                         String detectedBy) implements ArtifactEvent {
}
