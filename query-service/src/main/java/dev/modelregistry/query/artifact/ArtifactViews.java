package dev.modelregistry.query.artifact;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** The JSON shapes of the artifact endpoints (snake_case on the wire). */
final class ArtifactViews {

    private ArtifactViews() {
    }

    /**
     * A blob the registry holds or held ({@code GET /api/v1/artifacts/{sha256}/metadata}).
     * {@code state}: {@code stored}, {@code corrupted} (found not to match its digest; not served
     * until its bytes are uploaded again) or {@code deleted} (by the garbage collector; the metadata
     * stays). {@code stored_at} and {@code uploader} are null when no upload of it was recorded.
     */
    record ArtifactView(String sha256, long size, String mediaType, String fileName, String state,
                        String storageClass, Instant storedAt, String uploader,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Corruption corruption,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Deletion deletion,
                        Instant updatedAt, String downloadUrl) {
    }

    /** The last corruption found since the blob was last stored; {@code observed_*} null when its bytes were missing. */
    record Corruption(Instant detectedAt, String observedSha256, Long observedSize, String detectedBy) {
    }

    record Deletion(Instant deletedAt, String reason) {
    }

    /** One file of a version with where to download it: by path, or by digest. */
    record FileView(String path, String sha256, Long size, String downloadUrl, String blobUrl) {
    }
}
