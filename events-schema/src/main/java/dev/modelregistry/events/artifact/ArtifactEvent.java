package dev.modelregistry.events.artifact;

import dev.modelregistry.events.RegistryEvent;

/**
 * Everything that happens to a blob of the content-addressed artifact store. One aggregate per
 * digest; its identifier and Kafka key is {@code sha256:<digest>} ({@link #subjectOf(String)}).
 */
public sealed interface ArtifactEvent extends RegistryEvent
        permits ArtifactStored, ArtifactCorruptionDetected, ArtifactDeleted, ArtifactStorageClassChanged {

    /** SHA-256 of the blob's bytes, 64 lower-case hex digits. */
    String sha256();

    @Override
    default String subject() {
        return subjectOf(sha256());
    }

    static String subjectOf(String sha256) {
        return "sha256:" + sha256;
    }
}
