package dev.modelregistry.command.artifact;

/**
 * The outcome of delivering bytes to the store. {@code recorded} is true when an {@code ArtifactStored}
 * event was recorded (new bytes, or bytes that had been deleted or found corrupted), false when the
 * store already held them intact. {@code position} is the global position of that event, or of the
 * blob's latest event when none was recorded (read-your-writes either way).
 */
public record StoreResult(StoredArtifact artifact, boolean recorded, long position) {
}
