package dev.modelregistry.artifact;

/** Bytes hashed into a staging object, not yet visible under their digest. {@code stagingId} is the store's own. */
public record StagedBlob(String stagingId, Sha256 digest, long size) {
}
