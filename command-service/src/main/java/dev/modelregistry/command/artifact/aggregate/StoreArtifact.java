package dev.modelregistry.command.artifact.aggregate;

/**
 * Records that the bytes with this digest were just published to the store. {@code fileName} is the
 * client's name for the upload (metadata only, may be null); {@code uploader} is the acting principal.
 */
public record StoreArtifact(String sha256, long size, String mediaType, String fileName, String uploader)
        implements ArtifactCommand {
}
