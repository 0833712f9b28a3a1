package dev.modelregistry.artifact;

/**
 * Where a reader reports a blob whose bytes no longer match its digest. The command side
 * implements it by recording {@code ArtifactCorruptionDetected}; the query side calls it when a
 * download finds a corrupted blob, without depending on the command side.
 */
public interface CorruptionReports {

    /** @param detectedBy {@code download}, {@code upload} or {@code scrub} */
    void report(Verification verification, long expectedSize, String detectedBy);
}
