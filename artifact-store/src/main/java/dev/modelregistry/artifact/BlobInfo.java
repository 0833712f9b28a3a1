package dev.modelregistry.artifact;

import java.time.Instant;

/** A present blob. {@code storageClass} is null for backends without classes; {@code modifiedAt} is when its bytes were last written. */
public record BlobInfo(Sha256 digest, long size, String storageClass, Instant modifiedAt) {
}
