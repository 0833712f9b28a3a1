package dev.modelregistry.command.artifact;

import java.time.Instant;

/**
 * A blob the store holds, as the catalog knows it: digest, size, media type and file name of the upload
 * that stored its current bytes, and when that was.
 */
public record StoredArtifact(String sha256, long size, String mediaType, String fileName, Instant storedAt) {
}
