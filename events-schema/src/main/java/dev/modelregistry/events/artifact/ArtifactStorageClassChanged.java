package dev.modelregistry.events.artifact;

import dev.modelregistry.events.EventType;

/**
 * A blob moved to another storage class of its backend, e.g. GCS {@code STANDARD} to
 * {@code COLDLINE} once every version referencing it has been archived for the configured time.
 */
@EventType(name = "dev.modelregistry.artifact.storage-class-changed", version = 1)
public record ArtifactStorageClassChanged(String sha256, String fromClass, String toClass) implements ArtifactEvent {
}
