package dev.modelregistry.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The content-addressed blob store. A blob's only name is the SHA-256 of its bytes; no caller
 * string ever becomes part of a file or object name (upload ids are checked UUIDs), which is what
 * makes path traversal impossible by construction.
 *
 * <p>Writing is two-phase: {@link #stage} streams the bytes into a private staging object while
 * hashing them (memory stays bounded whatever the size), then {@link #publish} makes them visible
 * under their digest atomically. Nothing half-written is ever visible under a digest. The store
 * does not lock: callers that race a delete of the same digest against a publish (the garbage
 * collector against an upload) serialise them themselves (command-service holds a PostgreSQL
 * advisory lock per digest around both).
 *
 * <p>Reading does not verify; {@link #verify} re-hashes a whole blob. Implementations: local file
 * system, Google Cloud Storage. Every implementation passes the same contract test suite.
 */
public interface BlobStore {

    /** The highest part number of a resumable upload (part numbers are 1..MAX_PARTS). */
    int MAX_PARTS = 10_000;

    /** Which backend this is, e.g. {@code local} or {@code gcs}; for logs and health. */
    String backend();

    /**
     * Streams {@code content} to its end into a new staging object, hashing it.
     *
     * @param maxBytes the most bytes accepted; more is {@link BlobTooLargeException} and nothing stays behind
     * @throws IOException when the stream breaks (an upload cut off); nothing stays behind
     */
    StagedBlob stage(InputStream content, long maxBytes) throws IOException;

    /**
     * Makes a staged blob visible under its digest and removes the staging object. When the digest
     * is already present the stored object is replaced by the staged bytes (they were just hashed,
     * so this also repairs a corrupted copy). Durable when it returns.
     */
    BlobInfo publish(StagedBlob staged) throws IOException;

    /** Removes a staged blob that will not be published; never fails for one already gone. */
    void discard(StagedBlob staged);

    /** Size and storage class of a present blob, without reading it. */
    Optional<BlobInfo> stat(Sha256 digest) throws IOException;

    /**
     * The bytes {@code [offset, offset + length)} of a blob, unverified. A range that runs past the
     * end is cut at the end ({@code Long.MAX_VALUE} reads to the end); an offset at or past the end
     * gives an empty stream. The caller closes the stream.
     *
     * @throws BlobNotFoundException when no blob has this digest
     * @throws IllegalArgumentException when {@code offset} or {@code length} is negative
     */
    InputStream open(Sha256 digest, long offset, long length) throws IOException;

    /** Re-reads and hashes the whole blob: whether its bytes still match its digest (a missing blob is not intact). */
    Verification verify(Sha256 digest) throws IOException;

    /** Removes a blob; false when it was not there. */
    boolean delete(Sha256 digest) throws IOException;

    /** Every present blob, in no particular order (garbage collection, scrubbing). */
    void forEach(Consumer<BlobInfo> action) throws IOException;

    // Resumable uploads: parts of one upload session, assembled into a staged blob at the end.

    /**
     * Stores part {@code partNumber} (1..10,000) of upload {@code uploadId}, replacing an earlier
     * copy of the same part (a client resending after a broken connection).
     */
    PartInfo writePart(UploadId uploadId, int partNumber, InputStream content, long maxBytes) throws IOException;

    /** The parts of an upload stored so far, by part number. */
    List<PartInfo> parts(UploadId uploadId) throws IOException;

    /**
     * Concatenates the given parts, in this order, into a staged blob, hashing as it goes. The parts
     * stay until {@link #deleteParts}.
     *
     * @throws BlobNotFoundException when one of the parts was never stored (the message names it)
     * @throws BlobTooLargeException when the parts add up to more than {@code maxBytes}
     * @throws IllegalArgumentException when the list is empty, repeats a part or has a number outside 1..{@link #MAX_PARTS}
     */
    StagedBlob assemble(UploadId uploadId, List<Integer> partNumbers, long maxBytes) throws IOException;

    /** Removes every part of an upload; nothing happens when there are none. */
    void deleteParts(UploadId uploadId) throws IOException;

    // Backend-specific abilities; the local store answers "not supported".

    /**
     * A short-lived URL a client can GET the blob from directly; empty when the backend cannot sign
     * (the local store, GCS credentials that cannot sign) or signed URLs are switched off
     * ({@code registry.artifacts.gcs.signed-urls}).
     */
    Optional<URI> signedUrl(Sha256 digest, Duration validFor);

    /**
     * Moves a blob to another storage class (e.g. GCS COLDLINE); false when the backend has none.
     *
     * @throws BlobNotFoundException when no blob has this digest
     * @throws IllegalArgumentException when the backend does not know this storage class
     */
    boolean changeStorageClass(Sha256 digest, String storageClass) throws IOException;

    /**
     * A cheap check that the store is usable (the local root is writable, the bucket answers), for
     * health endpoints; throws when it is not.
     */
    default void probe() throws IOException {
        stat(Sha256.EMPTY);
    }
}
