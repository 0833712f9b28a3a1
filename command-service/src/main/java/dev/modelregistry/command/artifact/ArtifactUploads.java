package dev.modelregistry.command.artifact;

import dev.modelregistry.artifact.BlobStore;
import dev.modelregistry.artifact.BlobTooLargeException;
import dev.modelregistry.artifact.PartInfo;
import dev.modelregistry.artifact.StagedBlob;
import dev.modelregistry.artifact.UploadId;
import dev.modelregistry.command.artifact.CatalogTables.PartRow;
import dev.modelregistry.command.artifact.CatalogTables.SessionRow;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads into the content-addressed store: a single streamed request, or a resumable session of
 * parts. The bytes are streamed into a staging object while they are hashed (memory stays bounded
 * whatever the size), checked against what the client declared (digest, size), and only then
 * published and recorded ({@link BlobRecorder}). Anything refused or cut off leaves nothing behind:
 * the staging object is removed, no event is recorded.
 *
 * <p>Streaming happens outside any database transaction; the transaction that publishes and records
 * is short (one advisory lock, a rename, one event).
 */
public class ArtifactUploads {

    /** The media type recorded when the client sends none. */
    public static final String DEFAULT_MEDIA_TYPE = "application/octet-stream";

    private static final Logger log = LoggerFactory.getLogger(ArtifactUploads.class);

    /**
     * What the client declared about a single upload. {@code sha256Field} and {@code sizeField} name
     * where the declarations came from (a header), for the problem answer when they do not hold.
     * {@code contentLength} is the request's Content-Length, or -1 when it has none (chunked).
     */
    public record UploadRequest(String mediaType, String fileName, String expectedSha256, String sha256Field,
                                Long expectedSize, String sizeField, long contentLength) {
    }

    /** What the client declares when it starts a resumable upload; every field is optional. */
    public record SessionRequest(String expectedSha256, Long expectedSize, String mediaType, String fileName) {
    }

    /** One accepted part: its number, size and the SHA-256 of its own bytes. */
    public record PartView(int partNumber, long size, String sha256) {
    }

    /**
     * A resumable upload session. {@code nextPartNumber} is the lowest part number not received yet
     * (where a client whose connection broke resumes); {@code sha256} is the stored artifact once the
     * session was completed.
     */
    public record SessionView(UUID uploadId, String state, String expectedSha256, Long expectedSize, String mediaType,
                              String fileName, Instant createdAt, Instant expiresAt, long maxPartSize,
                              List<PartView> parts, int nextPartNumber, long receivedBytes, String sha256) {
    }

    private final BlobStore store;
    private final CatalogTables tables;
    private final BlobRecorder recorder;
    private final Clock clock;
    private final long maxUploadSize;
    private final long maxPartSize;
    private final Duration sessionExpiry;

    ArtifactUploads(BlobStore store, CatalogTables tables, BlobRecorder recorder, Clock clock, long maxUploadSize,
                    long maxPartSize, Duration sessionExpiry) {
        this.store = store;
        this.tables = tables;
        this.recorder = recorder;
        this.clock = clock;
        this.maxUploadSize = maxUploadSize;
        this.maxPartSize = maxPartSize;
        this.sessionExpiry = sessionExpiry;
    }

    public long maxUploadSize() {
        return maxUploadSize;
    }

    public long maxPartSize() {
        return maxPartSize;
    }

    // ------------------------------------------------------------------------------- single upload

    /**
     * Streams {@code content} to its end into the store and records it.
     *
     * @throws ArtifactError.ArtifactTooLarge when the declared or actual size exceeds the limit (before
     *         reading, when Content-Length or the declared size already says so)
     * @throws ArtifactError.DigestMismatch when the bytes do not hash to the declared digest
     * @throws ArtifactError.SizeMismatch when their number is not the declared size
     * @throws ArtifactError.UploadInterrupted when the body ended early
     */
    public StoreResult upload(InputStream content, UploadRequest request, String actor, String correlationId) {
        if (request.contentLength() > maxUploadSize) {
            throw new ArtifactError.ArtifactTooLarge("Content-Length", maxUploadSize, "upload");
        }
        if (request.expectedSize() != null && request.expectedSize() > maxUploadSize) {
            throw new ArtifactError.ArtifactTooLarge(request.sizeField(), maxUploadSize, "upload");
        }
        if (request.expectedSize() != null && request.contentLength() >= 0
                && request.expectedSize() != request.contentLength()) {
            throw new ArtifactError.SizeMismatch(request.sizeField(), request.expectedSize(), request.contentLength());
        }
        // a body longer than its declared size is refused as soon as it passes that size
        long limit = request.expectedSize() != null ? request.expectedSize() : maxUploadSize;
        SourceTrackingStream source = new SourceTrackingStream(content);
        StagedBlob staged = staged(() -> store.stage(source, limit), source, () -> request.expectedSize() != null
                ? new ArtifactError.SizeMismatch(request.sizeField(), request.expectedSize(), null)
                : new ArtifactError.ArtifactTooLarge(null, maxUploadSize, "upload"));
        try {
            if (request.contentLength() >= 0 && staged.size() != request.contentLength()) {
                throw new ArtifactError.UploadInterrupted();
            }
            check(staged, request.expectedSha256(), request.sha256Field(), request.expectedSize(), request.sizeField());
        } catch (RuntimeException e) {
            store.discard(staged);
            throw e;
        }
        return recorder.record(staged, mediaType(request.mediaType()), request.fileName(), actor, correlationId,
                () -> { });
    }

    // ---------------------------------------------------------------------------- resumable upload

    public SessionView startSession(SessionRequest request, String actor) {
        if (request.expectedSize() != null && request.expectedSize() > maxUploadSize) {
            throw new ArtifactError.ArtifactTooLarge("size", maxUploadSize, "upload");
        }
        Instant now = clock.instant();
        SessionRow row = new SessionRow(UUID.randomUUID(), "open", request.expectedSha256(), request.expectedSize(),
                mediaType(request.mediaType()), request.fileName(), actor, now, now.plus(sessionExpiry), null);
        tables.insertSession(row);
        return view(row, List.of());
    }

    /** @param principal the caller; a session started by another principal is not found for them */
    public SessionView session(UUID uploadId, String principal) {
        SessionRow row = liveSession(uploadId, principal);
        return view(row, tables.parts(uploadId));
    }

    /**
     * Stores part {@code partNumber}, replacing an earlier copy. A part whose bytes do not hash to
     * {@code expectedSha256} is refused and no longer counts as received (send it again).
     */
    public PartView putPart(UUID uploadId, int partNumber, InputStream content, long contentLength,
                            String expectedSha256, String sha256Field, String principal) {
        SessionRow session = liveSession(uploadId, principal);
        if (!"open".equals(session.state())) {
            throw new ArtifactError.UploadNotOpen(uploadId.toString(), session.state());
        }
        if (contentLength > maxPartSize) {
            throw new ArtifactError.ArtifactTooLarge("Content-Length", maxPartSize, "part");
        }
        long others = tables.parts(uploadId).stream().filter(p -> p.partNumber() != partNumber)
                .mapToLong(PartRow::size).sum();
        // what this part may still add: the part limit, or what is left of the upload limit
        long budget = Math.max(0, Math.min(maxPartSize, maxUploadSize - others));
        boolean uploadBound = budget < maxPartSize;
        String what = uploadBound ? "upload (all parts together)" : "part";
        long limit = uploadBound ? maxUploadSize : maxPartSize;
        if (contentLength > budget) {
            throw new ArtifactError.ArtifactTooLarge("Content-Length", limit, what);
        }
        PartInfo part = writePart(uploadId, partNumber, content, budget, what, limit);
        if (contentLength >= 0 && part.size() != contentLength) {
            tables.forgetPart(uploadId, partNumber);
            throw new ArtifactError.UploadInterrupted();
        }
        if (expectedSha256 != null && !expectedSha256.equals(part.sha256().hex())) {
            tables.forgetPart(uploadId, partNumber);
            throw new ArtifactError.DigestMismatch(sha256Field, expectedSha256, part.sha256().hex());
        }
        Instant now = clock.instant();
        if (!tables.acceptPart(uploadId, new PartRow(partNumber, part.size(), part.sha256().hex(), now),
                now.plus(sessionExpiry))) {
            throw new ArtifactError.UploadNotOpen(uploadId.toString(), "not open");
        }
        return new PartView(partNumber, part.size(), part.sha256().hex());
    }

    /**
     * Assembles the parts (all received ones in number order, or {@code partNumbers}), checks the
     * declared digest and size, and stores the result like a single upload. Completing a completed
     * session answers its artifact again.
     */
    public StoreResult complete(UUID uploadId, List<Integer> partNumbers, String actor, String correlationId) {
        liveSession(uploadId, actor);
        Instant now = clock.instant();
        if (!tables.beginCompleting(uploadId, now)) {
            SessionRow session = liveSession(uploadId, actor);
            if ("completed".equals(session.state())) {
                return recorder.current(session.resultSha256())
                        .orElseThrow(() -> new ArtifactError.ArtifactDeleted(session.resultSha256()));
            }
            throw new ArtifactError.UploadNotOpen(uploadId.toString(), session.state());
        }
        StoreResult result;
        try {
            SessionRow session = tables.session(uploadId).orElseThrow();
            List<Integer> numbers = partsToAssemble(uploadId, partNumbers);
            StagedBlob staged = staged(() -> store.assemble(new UploadId(uploadId), numbers, maxUploadSize), null,
                    () -> new ArtifactError.ArtifactTooLarge(null, maxUploadSize, "upload (all parts together)"));
            try {
                check(staged, session.expectedSha256(), "sha256", session.declaredSize(), "size");
            } catch (RuntimeException e) {
                store.discard(staged);
                throw e;
            }
            result = recorder.record(staged, session.mediaType(), session.fileName(), actor, correlationId,
                    () -> tables.completed(uploadId, staged.digest().hex()));
        } catch (RuntimeException e) {
            tables.reopen(uploadId);
            throw e;
        }
        removeParts(uploadId);
        return result;
    }

    /** Removes a session and its parts; a session being completed cannot be aborted. */
    public void abort(UUID uploadId, String principal) {
        SessionRow session = liveSession(uploadId, principal);
        if ("completing".equals(session.state())) {
            throw new ArtifactError.UploadNotOpen(uploadId.toString(), session.state());
        }
        // bytes first: a session row without parts is harmless, parts without a row could never be found again
        try {
            store.deleteParts(new UploadId(uploadId));
        } catch (IOException e) {
            log.warn("Removing the parts of upload {} failed", uploadId, e);
            throw new ArtifactError.StoreUnavailable();
        }
        tables.deleteSession(uploadId);
    }

    // ---------------------------------------------------------------------------------------------

    /** A session belongs to the principal that started it: to anyone else it does not exist (404, not 403). */
    private SessionRow liveSession(UUID uploadId, String principal) {
        SessionRow row = tables.session(uploadId).orElseThrow(() -> new ArtifactError.UploadNotFound(uploadId.toString()));
        if (!row.expiresAt().isAfter(clock.instant()) || !row.createdBy().equals(principal)) {
            throw new ArtifactError.UploadNotFound(uploadId.toString());
        }
        return row;
    }

    /** The part numbers to assemble, each received and unchanged in the store since it was accepted. */
    private List<Integer> partsToAssemble(UUID uploadId, List<Integer> requested) {
        List<PartRow> accepted = tables.parts(uploadId);
        Map<Integer, PartRow> byNumber = new HashMap<>();
        accepted.forEach(part -> byNumber.put(part.partNumber(), part));
        List<Integer> numbers;
        if (requested == null) {
            numbers = accepted.stream().map(PartRow::partNumber).toList();
            if (numbers.isEmpty()) {
                throw new ArtifactError.InvalidParts("parts", "No part was received yet; send parts before completing.");
            }
        } else {
            if (requested.isEmpty()) {
                throw new ArtifactError.InvalidParts("parts", "Name at least one part, or leave 'parts' out to use all.");
            }
            for (int i = 0; i < requested.size(); i++) {
                Integer number = requested.get(i);
                if (number == null || !byNumber.containsKey(number)) {
                    throw new ArtifactError.InvalidParts("parts[" + i + "]", "Part " + number + " was not received.");
                }
                if (i > 0 && number <= requested.get(i - 1)) {
                    throw new ArtifactError.InvalidParts("parts[" + i + "]",
                            "Parts are listed in increasing order, each once.");
                }
            }
            numbers = List.copyOf(requested);
        }
        Map<Integer, PartInfo> inStore = new HashMap<>();
        try {
            store.parts(new UploadId(uploadId)).forEach(part -> inStore.put(part.partNumber(), part));
        } catch (IOException e) {
            log.warn("Listing the parts of upload {} failed", uploadId, e);
            throw new ArtifactError.StoreUnavailable();
        }
        List<Integer> changed = new ArrayList<>();
        for (int number : numbers) {
            PartInfo stored = inStore.get(number);
            PartRow row = byNumber.get(number);
            if (stored == null || stored.size() != row.size() || !stored.sha256().hex().equals(row.sha256())) {
                changed.add(number);
            }
        }
        if (!changed.isEmpty()) {
            changed.forEach(number -> tables.forgetPart(uploadId, number));
            throw new ArtifactError.InvalidParts("parts", "Part(s) " + changed
                    + " changed or vanished since they were accepted (a concurrent or broken resend?); send them again.");
        }
        return numbers;
    }

    private PartInfo writePart(UUID uploadId, int partNumber, InputStream content, long maxBytes, String what,
                               long limit) {
        SourceTrackingStream source = new SourceTrackingStream(content);
        try {
            return store.writePart(new UploadId(uploadId), partNumber, source, maxBytes);
        } catch (BlobTooLargeException e) {
            throw new ArtifactError.ArtifactTooLarge(null, limit, what);
        } catch (IOException e) {
            throw failure(source, e);
        }
    }

    /** Runs a staging call; {@code source} is the client's body when the call reads one. */
    private StagedBlob staged(StoreCall<StagedBlob> call, SourceTrackingStream source,
                              Supplier<ArtifactError> tooLarge) {
        try {
            return call.run();
        } catch (BlobTooLargeException e) {
            throw tooLarge.get();
        } catch (IOException e) {
            throw failure(source, e);
        }
    }

    /** A broken request body is the client's (interrupted); anything else is the store's. */
    private static ArtifactError failure(SourceTrackingStream source, IOException e) {
        if (source != null && source.failed()) {
            log.debug("Upload body broke off: {}", e.toString());
            return new ArtifactError.UploadInterrupted();
        }
        log.warn("Blob store failure during an upload", e);
        return new ArtifactError.StoreUnavailable();
    }

    private static void check(StagedBlob staged, String expectedSha256, String sha256Field, Long expectedSize,
                              String sizeField) {
        if (expectedSize != null && staged.size() != expectedSize) {
            throw new ArtifactError.SizeMismatch(sizeField, expectedSize, staged.size());
        }
        if (expectedSha256 != null && !expectedSha256.equals(staged.digest().hex())) {
            throw new ArtifactError.DigestMismatch(sha256Field, expectedSha256, staged.digest().hex());
        }
    }

    private void removeParts(UUID uploadId) {
        try {
            store.deleteParts(new UploadId(uploadId));
        } catch (IOException e) {
            // the session row stays until it expires; the collector removes the parts then
            log.warn("Removing the parts of completed upload {} failed; the collector retries", uploadId, e);
        }
    }

    private SessionView view(SessionRow row, List<PartRow> parts) {
        int next = 1;
        long received = 0;
        List<PartView> views = new ArrayList<>(parts.size());
        for (PartRow part : parts) {
            views.add(new PartView(part.partNumber(), part.size(), part.sha256()));
            received += part.size();
            if (part.partNumber() == next) {
                next++;
            }
        }
        return new SessionView(row.uploadId(), row.state(), row.expectedSha256(), row.declaredSize(), row.mediaType(),
                row.fileName(), row.createdAt(), row.expiresAt(), maxPartSize, views, next, received,
                row.resultSha256());
    }

    private static String mediaType(String mediaType) {
        return mediaType == null || mediaType.isBlank() ? DEFAULT_MEDIA_TYPE : mediaType;
    }

    @FunctionalInterface
    private interface StoreCall<T> {
        T run() throws IOException;
    }

    /** Remembers whether reading the client's body failed, to tell a broken upload from a failing store. */
    private static final class SourceTrackingStream extends FilterInputStream {
        private volatile boolean failed;

        SourceTrackingStream(InputStream in) {
            super(in);
        }

        boolean failed() {
            return failed;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void close() {
            // the servlet container owns the request stream
        }
    }
}
