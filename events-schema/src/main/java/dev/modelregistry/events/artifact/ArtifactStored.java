package dev.modelregistry.events.artifact;

import dev.modelregistry.events.EventType;

/**
 * A blob was committed to the store under its digest after its bytes were hashed. Uploading bytes
 * the store already holds records nothing; uploading them again after {@link ArtifactDeleted} or
 * {@link ArtifactCorruptionDetected} records this event again. {@code fileName} is the client's
 * name for the upload, kept as metadata only: it never names a file in the store.
 */
@EventType(name = "dev.modelregistry.artifact.stored", version = 1)
public record ArtifactStored(String sha256, long size, String mediaType, String fileName, String uploader)
        implements ArtifactEvent {
}
