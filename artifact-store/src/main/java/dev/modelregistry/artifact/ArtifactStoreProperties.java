package dev.modelregistry.artifact;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The artifact store ({@code registry.artifacts.*}); read by both services, which is why the upload
 * limits live here too. Every property is described in docs/artifacts.md.
 *
 * @param backend       {@code local} (default) or {@code gcs}
 * @param local         the local file-system backend
 * @param gcs           the Google Cloud Storage backend
 * @param maxUploadSize the largest artifact accepted, by a single upload or assembled from parts (default 10GB)
 * @param maxPartSize   the largest part of a resumable upload (default 512MB)
 * @param verifyOnRead  whether downloads re-hash the blob and refuse to serve bytes that no longer
 *                      match their digest (default true)
 */
@ConfigurationProperties("registry.artifacts")
public record ArtifactStoreProperties(
        @DefaultValue("local") Backend backend,
        @DefaultValue Local local,
        @DefaultValue Gcs gcs,
        @DefaultValue("10GB") DataSize maxUploadSize,
        @DefaultValue("512MB") DataSize maxPartSize,
        @DefaultValue("true") boolean verifyOnRead) {

    /** The backends; bound case-insensitively from {@code local} and {@code gcs}. */
    public enum Backend { LOCAL, GCS }

    /** The property that holds the registry's data directory (set by the standalone launcher). */
    public static final String DATA_DIR_PROPERTY = "registry.data-dir";
    /** The data directory when {@value #DATA_DIR_PROPERTY} is not set, as in the standalone launcher. */
    public static final String DEFAULT_DATA_DIR = "data";

    public ArtifactStoreProperties {
        if (maxUploadSize.toBytes() <= 0 || maxPartSize.toBytes() <= 0) {
            throw new IllegalArgumentException("registry.artifacts.max-upload-size and max-part-size must be positive");
        }
        if (maxPartSize.toBytes() > maxUploadSize.toBytes()) {
            throw new IllegalArgumentException("registry.artifacts.max-part-size must not exceed max-upload-size");
        }
        if (backend == Backend.GCS && (gcs.bucket() == null || gcs.bucket().isBlank())) {
            throw new IllegalArgumentException("registry.artifacts.gcs.bucket is required with backend gcs");
        }
    }

    /**
     * @param root where the blobs live; empty means {@code <registry.data-dir>/artifacts}
     *             ({@code registry.data-dir} defaults to {@code data}, relative to the working directory)
     */
    public record Local(Path root) {

        /** The configured root, or {@code artifacts} under the data directory. */
        public Path rootOr(String dataDirectory) {
            return root != null ? root : Path.of(dataDirectory).resolve("artifacts");
        }
    }

    /**
     * @param bucket       the bucket (required with backend gcs)
     * @param prefix       a path that starts every object name of the store, e.g. {@code registry/}; empty
     *                     for the top of the bucket
     * @param projectId    the Google Cloud project; empty means the one of the Application Default
     *                     Credentials / environment
     * @param signedUrls   whether downloads may answer with a short-lived signed URL instead of
     *                     proxying the bytes (needs credentials that can sign; default false)
     * @param signedUrlTtl how long a signed URL is valid (default PT5M, at most 7 days)
     */
    public record Gcs(
            String bucket,
            @DefaultValue("") String prefix,
            String projectId,
            @DefaultValue("false") boolean signedUrls,
            @DefaultValue("PT5M") Duration signedUrlTtl) {

        public Gcs {
            if (signedUrlTtl.isNegative() || signedUrlTtl.isZero() || signedUrlTtl.compareTo(Duration.ofDays(7)) > 0) {
                throw new IllegalArgumentException("registry.artifacts.gcs.signed-url-ttl must be between 1s and 7 days");
            }
        }
    }
}
