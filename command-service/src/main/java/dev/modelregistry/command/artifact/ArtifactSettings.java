package dev.modelregistry.command.artifact;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The command side's artifact settings (command-service/README.md). The store itself and the upload
 * limits ({@code registry.artifacts.backend}, {@code max-upload-size}, {@code max-part-size}, ...) are
 * the artifact-store module's {@code ArtifactStoreProperties}, under the same prefix.
 *
 * @param gc      garbage collection of unreferenced blobs
 * @param tiering moving the blobs of archived versions to a colder storage class
 * @param uploads resumable upload sessions
 */
@ConfigurationProperties("registry.artifacts")
public record ArtifactSettings(@DefaultValue Gc gc, @DefaultValue Tiering tiering, @DefaultValue Uploads uploads) {

    /**
     * @param enabled     whether the collector runs on its own (operators can always run it through the API)
     * @param interval    time between two runs (the first runs one interval after start)
     * @param gracePeriod how long a blob must have gone unreferenced and without upload before it is deleted
     */
    public record Gc(@DefaultValue("true") boolean enabled, @DefaultValue("PT1H") Duration interval,
                     @DefaultValue("P1D") Duration gracePeriod) {

        public Gc {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("registry.artifacts.gc.interval must be positive");
            }
            if (gracePeriod.isNegative()) {
                throw new IllegalArgumentException("registry.artifacts.gc.grace-period must not be negative");
            }
        }
    }

    /**
     * @param enabled       whether collection runs also move archived blobs (only backends with storage classes)
     * @param archivedAfter how long every version referencing a blob must have been Archived
     * @param storageClass  the backend's class to move them to (GCS: NEARLINE, COLDLINE, ARCHIVE)
     */
    public record Tiering(@DefaultValue("true") boolean enabled, @DefaultValue("P30D") Duration archivedAfter,
                          @DefaultValue("COLDLINE") String storageClass) {

        public Tiering {
            if (archivedAfter.isNegative()) {
                throw new IllegalArgumentException("registry.artifacts.tiering.archived-after must not be negative");
            }
            if (storageClass == null || storageClass.isBlank()) {
                throw new IllegalArgumentException("registry.artifacts.tiering.storage-class must not be empty");
            }
        }
    }

    /** @param sessionExpiry how long a resumable upload stays open after it started or last received a part */
    public record Uploads(@DefaultValue("P1D") Duration sessionExpiry) {

        public Uploads {
            if (sessionExpiry.isNegative() || sessionExpiry.isZero()) {
                throw new IllegalArgumentException("registry.artifacts.uploads.session-expiry must be positive");
            }
        }
    }
}
