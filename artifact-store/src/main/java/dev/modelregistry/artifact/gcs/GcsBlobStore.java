package dev.modelregistry.artifact.gcs;

import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.HttpMethod;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobWriteOption;
import com.google.cloud.storage.Storage.CopyRequest;
import com.google.cloud.storage.Storage.SignUrlOption;
import com.google.cloud.storage.StorageClass;
import com.google.cloud.storage.StorageException;
import dev.modelregistry.artifact.ArtifactPath;
import dev.modelregistry.artifact.BlobInfo;
import dev.modelregistry.artifact.BlobNotFoundException;
import dev.modelregistry.artifact.BlobStore;
import dev.modelregistry.artifact.PartInfo;
import dev.modelregistry.artifact.Sha256;
import dev.modelregistry.artifact.StagedBlob;
import dev.modelregistry.artifact.UploadId;
import dev.modelregistry.artifact.Verification;
import dev.modelregistry.artifact.support.BoundedChannelInputStream;
import dev.modelregistry.artifact.support.HashingCopy;
import dev.modelregistry.artifact.support.StoreNames;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The blob store in a Google Cloud Storage bucket, under a prefix:
 * <pre>
 * &lt;prefix&gt;blobs/sha256/&lt;digest&gt;          published blobs (custom metadata sha256 = digest)
 * &lt;prefix&gt;staging/&lt;uuid&gt;               bytes being received
 * &lt;prefix&gt;uploads/&lt;upload uuid&gt;/&lt;n&gt;      parts of a resumable upload (custom metadata sha256 = the part's digest)
 * </pre>
 * Every name comes from a digest, a UUID or a part number; the prefix is operator configuration.
 *
 * <p>Atomicity: a GCS object becomes visible only when its upload is finalised, complete, and a
 * write or copy replaces an object atomically. {@link #stage} uploads to a staging object while
 * hashing (an upload that breaks is never finalised and its staging object is removed);
 * {@link #publish} copies it server-side to the digest's name (a rewrite within one bucket and
 * storage class copies no bytes) and deletes the staging object. Staging objects orphaned by a
 * crash are best removed by a bucket lifecycle rule on {@code <prefix>staging/} (age 1 day).
 *
 * <p>{@link #assemble} reads the parts back through this process and writes the staging object:
 * the bytes have to be read to be hashed anyway, and compose is limited to 32 sources.
 *
 * <p>Closing the store closes the {@link Storage} client it was given.
 */
public final class GcsBlobStore implements BlobStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GcsBlobStore.class);

    /** Upload chunk: each resumable-upload request carries this much; the writer holds one such buffer. */
    static final int WRITE_CHUNK_SIZE = 8 * 1024 * 1024;
    /** Download chunk per request of a reader. */
    static final int READ_CHUNK_SIZE = 2 * 1024 * 1024;
    static final String SHA256_METADATA = "sha256";
    private static final String CONTENT_TYPE = "application/octet-stream";
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]");
    private static final Pattern PART_NAME = Pattern.compile("[1-9][0-9]{0,4}");

    private final Storage storage;
    private final String bucket;
    private final String prefix;
    private final boolean signedUrls;
    private final AtomicBoolean signingFailureLogged = new AtomicBoolean();

    /**
     * @param prefix a relative path that starts every object name of the store (a trailing {@code /}
     *     is added), or empty for the bucket's top level
     * @param signedUrls whether {@link #signedUrl} signs at all (it also needs credentials that can sign)
     */
    public GcsBlobStore(Storage storage, String bucket, String prefix, boolean signedUrls) {
        this.storage = storage;
        if (bucket == null || !BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("not a Cloud Storage bucket name: " + bucket);
        }
        this.bucket = bucket;
        this.prefix = normalisePrefix(prefix);
        this.signedUrls = signedUrls;
    }

    static String normalisePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        // the same rules as a path inside a version: no "..", no leading "/", no control characters
        return ArtifactPath.parse(trimmed).value() + "/";
    }

    public String bucket() {
        return bucket;
    }

    public String prefix() {
        return prefix;
    }

    @Override
    public String backend() {
        return "gcs";
    }

    @Override
    public StagedBlob stage(InputStream content, long maxBytes) throws IOException {
        String stagingId = StoreNames.newStagingId();
        HashingCopy.Result result = upload(stagingName(stagingId), (copy, sink) -> copy.copy(content, maxBytes, sink));
        return new StagedBlob(stagingId, result.digest(), result.size());
    }

    @Override
    public BlobInfo publish(StagedBlob staged) throws IOException {
        String stagingName = stagingName(StoreNames.checkStagingId(staged.stagingId()));
        return call(() -> {
            Blob source = storage.get(BlobId.of(bucket, stagingName));
            if (source == null) {
                throw new BlobNotFoundException("staged blob " + staged.stagingId());
            }
            if (source.getSize() == null || source.getSize() != staged.size()) {
                throw new IOException("staged blob " + staged.stagingId() + " has " + source.getSize()
                        + " bytes, expected " + staged.size());
            }
            Blob published = storage.copy(CopyRequest.newBuilder()
                    .setSource(BlobId.of(bucket, stagingName, source.getGeneration()))
                    .setTarget(com.google.cloud.storage.BlobInfo.newBuilder(bucket, blobName(staged.digest()))
                            .setContentType(CONTENT_TYPE)
                            .setMetadata(Map.of(SHA256_METADATA, staged.digest().hex()))
                            .build())
                    .build()).getResult();
            storage.delete(BlobId.of(bucket, stagingName));
            return toBlobInfo(staged.digest(), published, staged.size());
        });
    }

    @Override
    public void discard(StagedBlob staged) {
        String name = stagingName(StoreNames.checkStagingId(staged.stagingId()));
        try {
            storage.delete(BlobId.of(bucket, name));
        } catch (RuntimeException e) {
            log.warn("Could not remove staging object {} from bucket {}: {}", name, bucket, e.toString());
        }
    }

    @Override
    public Optional<BlobInfo> stat(Sha256 digest) throws IOException {
        return call(() -> Optional.ofNullable(storage.get(BlobId.of(bucket, blobName(digest))))
                .map(blob -> toBlobInfo(digest, blob, 0)));
    }

    @Override
    public InputStream open(Sha256 digest, long offset, long length) throws IOException {
        StoreNames.checkRange(offset, length);
        return call(() -> {
            Blob blob = storage.get(BlobId.of(bucket, blobName(digest)));
            if (blob == null) {
                throw new BlobNotFoundException("blob " + digest);
            }
            return openRange(blob, offset, StoreNames.rangeLength(blob.getSize(), offset, length));
        });
    }

    @Override
    public Verification verify(Sha256 digest) throws IOException {
        return call(() -> {
            Blob blob = storage.get(BlobId.of(bucket, blobName(digest)));
            if (blob == null) {
                return new Verification(digest, null, null);
            }
            try (InputStream in = openRange(blob, 0, blob.getSize())) {
                HashingCopy.Result result = HashingCopy.hash(in, HashingCopy.BUFFER_SIZE);
                return new Verification(digest, result.digest(), result.size());
            }
        });
    }

    @Override
    public boolean delete(Sha256 digest) throws IOException {
        return call(() -> storage.delete(BlobId.of(bucket, blobName(digest))));
    }

    @Override
    public void forEach(Consumer<BlobInfo> action) throws IOException {
        String blobsPrefix = prefix + "blobs/sha256/";
        call(() -> {
            // iterateAll fetches page after page: memory stays one page whatever the bucket holds
            for (Blob blob : storage.list(bucket, BlobListOption.prefix(blobsPrefix)).iterateAll()) {
                String rest = blob.getName().substring(blobsPrefix.length());
                if (Sha256.isValid(rest) && blob.getSize() != null) {
                    action.accept(toBlobInfo(new Sha256(rest), blob, 0));
                }
            }
            return null;
        });
    }

    @Override
    public PartInfo writePart(UploadId uploadId, int partNumber, InputStream content, long maxBytes) throws IOException {
        StoreNames.checkPartNumber(partNumber);
        // upload to a name of its own, then copy over the part: a resend that breaks leaves the earlier copy whole
        String temporary = uploadPrefix(uploadId) + partNumber + ".tmp-" + UUID.randomUUID();
        HashingCopy.Result result = upload(temporary, (copy, sink) -> copy.copy(content, maxBytes, sink));
        return call(() -> {
            try {
                storage.copy(CopyRequest.newBuilder()
                        .setSource(BlobId.of(bucket, temporary))
                        .setTarget(com.google.cloud.storage.BlobInfo.newBuilder(bucket, partName(uploadId, partNumber))
                                .setContentType(CONTENT_TYPE)
                                .setMetadata(Map.of(SHA256_METADATA, result.digest().hex()))
                                .build())
                        .build()).getResult();
            } finally {
                storage.delete(BlobId.of(bucket, temporary));
            }
            return new PartInfo(partNumber, result.size(), result.digest());
        });
    }

    @Override
    public List<PartInfo> parts(UploadId uploadId) throws IOException {
        String partsPrefix = uploadPrefix(uploadId);
        return call(() -> {
            List<PartInfo> parts = new ArrayList<>();
            for (Blob blob : storage.list(bucket, BlobListOption.prefix(partsPrefix)).iterateAll()) {
                String rest = blob.getName().substring(partsPrefix.length());
                String sha256 = blob.getMetadata() == null ? null : blob.getMetadata().get(SHA256_METADATA);
                if (PART_NAME.matcher(rest).matches() && Integer.parseInt(rest) <= MAX_PARTS
                        && Sha256.isValid(sha256) && blob.getSize() != null) {
                    parts.add(new PartInfo(Integer.parseInt(rest), blob.getSize(), new Sha256(sha256)));
                }
            }
            parts.sort(Comparator.comparingInt(PartInfo::partNumber));
            return parts;
        });
    }

    @Override
    public StagedBlob assemble(UploadId uploadId, List<Integer> partNumbers, long maxBytes) throws IOException {
        List<Integer> order = StoreNames.checkPartList(partNumbers);
        // look every part up first: a missing one fails before any byte moves
        List<Blob> parts = call(() -> {
            List<Blob> found = new ArrayList<>();
            for (int partNumber : order) {
                Blob part = storage.get(BlobId.of(bucket, partName(uploadId, partNumber)));
                if (part == null) {
                    throw new BlobNotFoundException("part " + partNumber + " of upload " + uploadId);
                }
                found.add(part);
            }
            return found;
        });
        String stagingId = StoreNames.newStagingId();
        HashingCopy.Result result = upload(stagingName(stagingId), (copy, sink) -> {
            for (Blob part : parts) {
                try (InputStream in = openRange(part, 0, part.getSize())) {
                    copy.copy(in, maxBytes, sink);
                }
            }
        });
        return new StagedBlob(stagingId, result.digest(), result.size());
    }

    @Override
    public void deleteParts(UploadId uploadId) throws IOException {
        call(() -> {
            for (Blob blob : storage.list(bucket, BlobListOption.prefix(uploadPrefix(uploadId))).iterateAll()) {
                storage.delete(BlobId.of(bucket, blob.getName()));
            }
            return null;
        });
    }

    /**
     * A V4 signed GET URL, when signed URLs are enabled and the client's credentials can sign (a
     * service account key, or a workload identity allowed to call signBlob); otherwise empty, with
     * one warning in the log.
     */
    @Override
    public Optional<URI> signedUrl(Sha256 digest, Duration validFor) {
        if (!signedUrls) {
            return Optional.empty();
        }
        try {
            return Optional.of(storage.signUrl(
                    com.google.cloud.storage.BlobInfo.newBuilder(bucket, blobName(digest)).build(),
                    validFor.toSeconds(), TimeUnit.SECONDS,
                    SignUrlOption.withV4Signature(), SignUrlOption.httpMethod(HttpMethod.GET)).toURI());
        } catch (RuntimeException | URISyntaxException e) {
            if (signingFailureLogged.compareAndSet(false, true)) {
                log.warn("Cannot sign Cloud Storage URLs ({}); downloads are proxied instead", e.toString());
            }
            return Optional.empty();
        }
    }

    /** Rewrites the object with the new class (GCS classes: STANDARD, NEARLINE, COLDLINE, ARCHIVE). */
    @Override
    public boolean changeStorageClass(Sha256 digest, String storageClass) throws IOException {
        StorageClass target = StorageClass.valueOfStrict(storageClass.toUpperCase(Locale.ROOT));
        return call(() -> {
            Blob blob = storage.get(BlobId.of(bucket, blobName(digest)));
            if (blob == null) {
                throw new BlobNotFoundException("blob " + digest);
            }
            if (target.equals(blob.getStorageClass())) {
                return true;
            }
            storage.copy(CopyRequest.newBuilder()
                    .setSource(BlobId.of(bucket, blob.getName(), blob.getGeneration()))
                    .setTarget(com.google.cloud.storage.BlobInfo.newBuilder(bucket, blob.getName())
                            .setContentType(CONTENT_TYPE)
                            .setMetadata(Map.of(SHA256_METADATA, digest.hex()))
                            .setStorageClass(target)
                            .build())
                    .build()).getResult();
            return true;
        });
    }

    /** The bucket answers a listing under the prefix (the permission the store needs anyway). */
    @Override
    public void probe() throws IOException {
        call(() -> storage.list(bucket, BlobListOption.prefix(prefix + "blobs/"), BlobListOption.pageSize(1)));
    }

    @Override
    public void close() throws Exception {
        storage.close();
    }

    // --- internals

    String blobName(Sha256 digest) {
        return prefix + "blobs/sha256/" + digest.hex();
    }

    private String stagingName(String stagingId) {
        return prefix + "staging/" + stagingId;
    }

    private String uploadPrefix(UploadId uploadId) {
        return prefix + "uploads/" + uploadId.value() + "/";
    }

    private String partName(UploadId uploadId, int partNumber) {
        return uploadPrefix(uploadId) + partNumber;
    }

    private InputStream openRange(Blob blob, long offset, long length) throws IOException {
        // pinned to the generation just looked up: a concurrent replacement cannot mix two objects
        ReadChannel reader = storage.reader(BlobId.of(bucket, blob.getName(), blob.getGeneration()));
        try {
            reader.setChunkSize(READ_CHUNK_SIZE);
            if (length > 0) {
                reader.seek(offset);
                reader.limit(offset + length);
            }
            return new BoundedChannelInputStream(reader, length);
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    @FunctionalInterface
    private interface Source {
        void copyInto(HashingCopy copy, HashingCopy.Sink sink) throws IOException;
    }

    /**
     * Uploads to a new object (it must not exist yet) while hashing. On any failure the writer is not
     * closed, because closing would finalise the bytes received so far as a complete object; the
     * unfinished upload session lapses, and the name is deleted in case the service created it.
     */
    private HashingCopy.Result upload(String name, Source source) throws IOException {
        try {
            WriteChannel writer = storage.writer(
                    com.google.cloud.storage.BlobInfo.newBuilder(bucket, name).setContentType(CONTENT_TYPE).build(),
                    BlobWriteOption.doesNotExist());
            writer.setChunkSize(WRITE_CHUNK_SIZE);
            HashingCopy copy = new HashingCopy();
            source.copyInto(copy, (buffer, length) -> {
                ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, length);
                while (bytes.hasRemaining()) {
                    writer.write(bytes);
                }
            });
            writer.close();
            return copy.finish();
        } catch (Throwable e) {
            try {
                storage.delete(BlobId.of(bucket, name));
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            if (e instanceof StorageException storageException) {
                throw failure(storageException);
            }
            throw e;
        }
    }

    private static BlobInfo toBlobInfo(Sha256 digest, Blob blob, long fallbackSize) {
        StorageClass storageClass = blob.getStorageClass();
        Instant modified = blob.getUpdateTimeOffsetDateTime() != null
                ? blob.getUpdateTimeOffsetDateTime().toInstant()
                : blob.getCreateTimeOffsetDateTime() != null ? blob.getCreateTimeOffsetDateTime().toInstant() : null;
        return new BlobInfo(digest, blob.getSize() != null ? blob.getSize() : fallbackSize,
                storageClass == null ? null : storageClass.name(), modified);
    }

    @FunctionalInterface
    private interface StorageCall<T> {
        T run() throws IOException;
    }

    /** Runs calls to the client, whose failures are unchecked, as the store's checked IOException. */
    private static <T> T call(StorageCall<T> call) throws IOException {
        try {
            return call.run();
        } catch (StorageException e) {
            throw failure(e);
        }
    }

    private static IOException failure(StorageException e) {
        return new IOException("Cloud Storage request failed (HTTP " + e.getCode() + ")", e);
    }
}
