package dev.modelregistry.events.artifact;

import dev.modelregistry.events.EventType;

/**
 * The garbage collector removed a blob that no live version referenced for longer than the grace
 * period. Its metadata (this event and {@link ArtifactStored}) stays forever.
 */
@EventType(name = "dev.modelregistry.artifact.deleted", version = 1)
public record ArtifactDeleted(String sha256, long size, String reason) implements ArtifactEvent {
}
