package dev.modelregistry.command.artifact.aggregate;

import dev.modelregistry.events.artifact.ArtifactEvent;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Every command handled by the {@code Artifact} aggregate: immutable records named in the imperative.
 * The aggregate identifier is {@code sha256:<hex>} ({@link ArtifactEvent#subjectOf}). Who sends a
 * command, why, and under which correlation id travels as Axon meta data, never in the command (the
 * uploader of {@link StoreArtifact} is copied from the authenticated actor by the sender).
 *
 * <p>Commands are sent only by this feature's own services, each while holding the digest's
 * PostgreSQL advisory lock, so two commands for one blob never race for the same sequence number.
 */
public sealed interface ArtifactCommand
        permits StoreArtifact, RecordArtifactCorruption, DeleteArtifact, ChangeArtifactStorageClass {

    /** SHA-256 of the blob, 64 lower-case hex digits. */
    String sha256();

    @TargetAggregateIdentifier
    default String artifactId() {
        return ArtifactEvent.subjectOf(sha256());
    }
}
