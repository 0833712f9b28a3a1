package dev.modelregistry.command.artifact;

import dev.modelregistry.command.refusal.CommandRefusal;
import java.util.List;

/**
 * Every way the artifact feature refuses a request: the {@code Artifact} aggregate's refusals and
 * those of uploads, upload sessions and version registration against the store. Sealed, so the REST
 * layer maps each one to an HTTP status with an exhaustive switch; {@link #code()} is stable (it ends
 * the problem type URI) and {@link #field()} names the request field or header at fault when one
 * applies. Messages are written for the API user and carry no class names; stack traces are not
 * captured (these are answers, not bugs).
 */
public abstract sealed class ArtifactError extends CommandRefusal {

    private ArtifactError(String code, String field, String message) {
        super(code, field, message);
    }

    // ------------------------------------------------------------------------------ the aggregate

    /** No blob with this digest was ever stored. */
    public static final class ArtifactNotFound extends ArtifactError {
        public ArtifactNotFound(String sha256) {
            super("artifact_not_found", "sha256", "The registry holds no artifact " + sha256 + ".");
        }
    }

    /** The blob was deleted by the garbage collector; only uploading its bytes again brings it back. */
    public static final class ArtifactDeleted extends ArtifactError {
        public ArtifactDeleted(String sha256) {
            super("artifact_deleted", "sha256", "Artifact " + sha256
                    + " was deleted (unreferenced past the grace period); upload its bytes again.");
        }
    }

    // ------------------------------------------------------------------------------------ uploads

    /** The bytes received do not hash to the digest the client declared; nothing was stored. */
    public static final class DigestMismatch extends ArtifactError {
        private final String declared;
        private final String actual;

        public DigestMismatch(String field, String declared, String actual) {
            super("digest_mismatch", field, "The content's SHA-256 is " + actual + ", not the declared " + declared
                    + "; nothing was stored.");
            this.declared = declared;
            this.actual = actual;
        }

        public String declared() {
            return declared;
        }

        public String actual() {
            return actual;
        }
    }

    /** The number of bytes received is not the size the client declared; nothing was stored. */
    public static final class SizeMismatch extends ArtifactError {
        private final long declared;

        /** @param actual the bytes received, or null when the content ran past the declared size */
        public SizeMismatch(String field, long declared, Long actual) {
            super("size_mismatch", field, (actual == null
                    ? "The content is longer than the declared " + declared + " bytes"
                    : "The content has " + actual + " bytes, not the declared " + declared)
                    + "; nothing was stored.");
            this.declared = declared;
        }

        public long declared() {
            return declared;
        }
    }

    /** More bytes than a configured limit allows; nothing was stored. */
    public static final class ArtifactTooLarge extends ArtifactError {
        private final long limit;

        public ArtifactTooLarge(String field, long limit, String what) {
            super("artifact_too_large", field, "The " + what + " is larger than the limit of " + limit
                    + " bytes; nothing was stored.");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    /** The request body ended before the declared length (the connection broke); nothing was stored. */
    public static final class UploadInterrupted extends ArtifactError {
        public UploadInterrupted() {
            super("upload_interrupted", null,
                    "The content ended before the request did (connection broken?); nothing was stored.");
        }
    }

    /** The blob store could not be read or written; nothing was recorded. The client may retry. */
    public static final class StoreUnavailable extends ArtifactError {
        public StoreUnavailable() {
            super("artifact_store_unavailable", null,
                    "The artifact store is not available; nothing was recorded. Retry shortly.");
        }
    }

    // ---------------------------------------------------------------------------- upload sessions

    /** No open upload session has this id (never created, aborted, or expired). */
    public static final class UploadNotFound extends ArtifactError {
        public UploadNotFound(String uploadId) {
            super("upload_not_found", "upload_id", "There is no upload session " + uploadId
                    + " (never started, aborted or expired).");
        }
    }

    /** The session is being completed (or was completed): it takes no more parts and cannot be aborted. */
    public static final class UploadNotOpen extends ArtifactError {
        public UploadNotOpen(String uploadId, String state) {
            super("upload_not_open", "upload_id", "Upload session " + uploadId + " is " + state
                    + "; it takes no more parts.");
        }
    }

    /** The parts named (or held) cannot be assembled: none, unknown, out of order, or changed since accepted. */
    public static final class InvalidParts extends ArtifactError {
        public InvalidParts(String field, String detail) {
            super("invalid_parts", field, detail);
        }
    }

    // -------------------------------------------------------------------------- version references

    /**
     * A new version references blobs that are not held any more: the garbage collector deleted them
     * between the registration's check and its commit. Nothing was recorded; upload the files again.
     */
    public static final class ArtifactNotHeld extends ArtifactError {
        private final List<String> sha256s;

        public ArtifactNotHeld(List<String> sha256s) {
            super("artifact_not_held", "files", "The registry no longer holds artifact(s) " + String.join(", ", sha256s)
                    + " (deleted while this version was being registered); upload them again and retry.");
            this.sha256s = List.copyOf(sha256s);
        }

        public List<String> sha256s() {
            return sha256s;
        }
    }
}
