package dev.modelregistry.query.artifact;

import dev.modelregistry.artifact.BlobInfo;
import dev.modelregistry.artifact.ArtifactStoreProperties;
import dev.modelregistry.artifact.BlobNotFoundException;
import dev.modelregistry.artifact.BlobStore;
import dev.modelregistry.artifact.CorruptionReports;
import dev.modelregistry.artifact.Sha256;
import dev.modelregistry.artifact.Verification;
import dev.modelregistry.query.artifact.ArtifactViews.ArtifactView;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Sends one blob as an HTTP answer: conditional requests (ETag = the digest), one byte range,
 * verification before the first byte, and the bytes streamed through a fixed buffer, so memory stays
 * bounded whatever the size.
 *
 * <p>Order of checks, each before anything is written: the blob must be in the store (else 404, or a
 * corruption when the read model says the registry holds it); {@code If-None-Match} (304, no bytes);
 * {@code Range} (416 when unsatisfiable); then the whole blob is re-hashed ({@link BlobStore#verify},
 * also for a range) and a blob whose bytes do not hash to its digest is never served: the answer is
 * 502 {@code artifact_corrupted} and the corruption is reported ({@link CorruptionReports}, which
 * records {@code ArtifactCorruptionDetected} on the command side). Verification reads the blob once
 * more than the download itself; the second read usually comes from the page cache.
 */
class ArtifactDownloads {

    private static final Logger log = LoggerFactory.getLogger(ArtifactDownloads.class);

    /** Copy buffer: large, so that a multi-gigabyte download moves in few system calls (one per request). */
    static final int BUFFER_SIZE = 1 << 20;

    static final String DETECTED_BY = "download";

    private final BlobStore store;
    private final ArtifactQueries queries;
    private final ObjectProvider<CorruptionReports> reports;
    private final boolean verifyOnRead;
    private final Duration signedUrlTtl;

    ArtifactDownloads(BlobStore store, ArtifactQueries queries, ObjectProvider<CorruptionReports> reports,
                      ArtifactStoreProperties properties) {
        this.store = store;
        this.queries = queries;
        this.reports = reports;
        this.verifyOnRead = properties.verifyOnRead();
        this.signedUrlTtl = properties.gcs().signedUrlTtl();
        if (reports.getIfAvailable() == null) {
            log.warn("No CorruptionReports bean: corrupted artifacts found by downloads are refused and logged, but "
                    + "no ArtifactCorruptionDetected event is recorded (run the command side in this application to "
                    + "record them)");
        }
    }

    /**
     * @param fileName the name for {@code Content-Disposition} (the last segment of a version's path);
     *                 null: the uploader's file name, else the digest
     */
    void send(Sha256 digest, String fileName, HttpServletRequest request, HttpServletResponse response) {
        Optional<ArtifactView> metadata = queries.artifact(digest.hex());
        BlobInfo blob = stat(digest).orElse(null);
        if (blob == null) {
            throw missing(digest, metadata.orElse(null));
        }
        long size = blob.size();
        if (!verifyOnRead && metadata.map(m -> m.state().equals("corrupted")).orElse(false)) {
            // without verification, the last verdict stands until the bytes are uploaded again
            throw corruptedAnswer(digest, false);
        }
        String etag = etag(digest);
        boolean head = "HEAD".equalsIgnoreCase(request.getMethod());
        if (notModified(request.getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            response.setHeader(HttpHeaders.ETAG, etag);
            return;
        }
        RangeRequest range = rangeApplies(request.getHeader(HttpHeaders.IF_RANGE), etag)
                ? RangeRequest.parse(request.getHeader(HttpHeaders.RANGE), size)
                : RangeRequest.WHOLE;
        if (range instanceof RangeRequest.Unsatisfiable) {
            throw new QueryException(ProblemType.RANGE_NOT_SATISFIABLE, HttpHeaders.RANGE,
                    "The range is outside the artifact's " + size + " bytes", Map.of("size", size), null,
                    Map.of(HttpHeaders.CONTENT_RANGE, RangeRequest.Unsatisfiable.contentRange(size),
                            HttpHeaders.ACCEPT_RANGES, "bytes"));
        }
        if (!head) {
            // empty unless the backend can sign and registry.artifacts.gcs.signed-urls is on
            Optional<URI> signed = store.signedUrl(digest, signedUrlTtl);
            if (signed.isPresent()) {
                verify(digest, size);
                response.setStatus(HttpServletResponse.SC_TEMPORARY_REDIRECT);
                response.setHeader(HttpHeaders.LOCATION, signed.get().toString());
                response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
                return;
            }
        }
        if (!head) {
            verify(digest, size);
        }

        long first = 0;
        long length = size;
        if (range instanceof RangeRequest.Part part) {
            first = part.first();
            length = part.length();
            response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            response.setHeader(HttpHeaders.CONTENT_RANGE, part.contentRange(size));
        } else {
            response.setStatus(HttpServletResponse.SC_OK);
        }
        response.setHeader(HttpHeaders.ETAG, etag);
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentType(contentType(metadata.map(ArtifactView::mediaType).orElse(null)));
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, Attachment.contentDisposition(
                fileName != null ? fileName : metadata.map(ArtifactView::fileName).orElse(null), digest.hex()));
        response.setContentLengthLong(length);
        if (!head) {
            stream(digest, first, length, response);
        }
    }

    static String etag(Sha256 digest) {
        return "\"" + digest.hex() + "\"";
    }

    /** {@code If-None-Match}: {@code *} or a list of entity tags, compared weakly (RFC 9110, 13.1.2). */
    static boolean notModified(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String candidate = tag.strip();
            if (candidate.startsWith("W/")) {
                candidate = candidate.substring(2);
            }
            if (candidate.equals("*") || candidate.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code If-Range}: the range applies only when it names this entity tag exactly (a strong
     * comparison); a date or another tag asks for the whole blob. Absent: the range applies.
     */
    static boolean rangeApplies(String ifRange, String etag) {
        return ifRange == null || ifRange.strip().equals(etag);
    }

    /** The recorded media type when it is a concrete type, else {@code application/octet-stream}. */
    static String contentType(String mediaType) {
        if (mediaType != null) {
            try {
                MediaType type = MediaType.parseMediaType(mediaType);
                if (type.isConcrete()) {
                    return type.toString();
                }
            } catch (InvalidMediaTypeException e) {
                // recorded from the uploader's header: fall back
            }
        }
        return MediaType.APPLICATION_OCTET_STREAM_VALUE;
    }

    private Optional<BlobInfo> stat(Sha256 digest) {
        try {
            return store.stat(digest);
        } catch (IOException e) {
            throw storeUnavailable(digest, e);
        }
    }

    /**
     * Not in the store: never held (404), deleted by the garbage collector (404), or held by the
     * registry and gone, which is a corruption of the store.
     */
    private QueryException missing(Sha256 digest, ArtifactView metadata) {
        if (metadata == null) {
            return new QueryException(ProblemType.ARTIFACT_NOT_FOUND, "sha256",
                    "The registry holds no artifact sha256:" + digest.hex(), Map.of("sha256", digest.hex()), null);
        }
        if (metadata.state().equals("deleted")) {
            return new QueryException(ProblemType.ARTIFACT_DELETED, "sha256",
                    "Artifact sha256:" + digest.hex() + " was deleted; its metadata is at "
                            + ArtifactQueries.blobUrl(digest.hex()) + "/metadata", Map.of("sha256", digest.hex()), null);
        }
        return corrupted(new Verification(digest, null, null), metadata.size());
    }

    private void verify(Sha256 digest, long size) {
        if (!verifyOnRead) {
            return;
        }
        Verification verification;
        try {
            verification = store.verify(digest);
        } catch (BlobNotFoundException e) {
            verification = new Verification(digest, null, null);
        } catch (IOException e) {
            throw storeUnavailable(digest, e);
        }
        if (!verification.intact()) {
            throw corrupted(verification, size);
        }
    }

    private QueryException corrupted(Verification verification, long expectedSize) {
        Sha256 digest = verification.expected();
        log.error("Artifact sha256:{} is corrupted ({}); refusing to serve it", digest.hex(), verification.missing()
                ? "its bytes are missing"
                : "its " + verification.observedSize() + " bytes hash to " + verification.observed().hex());
        CorruptionReports corruptionReports = reports.getIfAvailable();
        if (corruptionReports == null) {
            log.warn("No CorruptionReports bean: the corruption of sha256:{} is not recorded as an event", digest.hex());
        } else {
            try {
                corruptionReports.report(verification, expectedSize, DETECTED_BY);
            } catch (RuntimeException e) {
                // the answer is the same: the blob is not served; the next download reports again
                log.error("Could not record the corruption of sha256:{}", digest.hex(), e);
            }
        }
        return corruptedAnswer(digest, verification.missing());
    }

    private static QueryException corruptedAnswer(Sha256 digest, boolean missing) {
        return new QueryException(ProblemType.ARTIFACT_CORRUPTED, null,
                "The stored bytes of artifact sha256:" + digest.hex() + (missing ? " are missing" : " no longer match its digest")
                        + "; it is not served. Upload the original file again to repair it.",
                Map.of("sha256", digest.hex()), null);
    }

    private static QueryException storeUnavailable(Sha256 digest, IOException e) {
        log.warn("Artifact store failed reading sha256:{}", digest.hex(), e);
        return new QueryException(ProblemType.ARTIFACT_STORE_UNAVAILABLE, null,
                "The artifact store did not answer; try again shortly", Map.of(), Duration.ofSeconds(1));
    }

    /**
     * Copies {@code length} bytes from {@code first} through one buffer. The status and headers are
     * sent with the first bytes, so a failure from here on can only cut the answer short (the client
     * sees fewer bytes than {@code Content-Length}), never turn it into another answer.
     */
    private void stream(Sha256 digest, long first, long length, HttpServletResponse response) {
        byte[] buffer = new byte[(int) Math.min(BUFFER_SIZE, Math.max(1, length))];
        long remaining = length;
        try (InputStream in = store.open(digest, first, length)) {
            OutputStream out = response.getOutputStream();
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    throw new IllegalStateException("artifact sha256:" + digest.hex() + " ended " + remaining
                            + " bytes early while it was sent");
                }
                if (!write(out, buffer, n)) {
                    log.debug("Download of sha256:{} stopped by the client after {} of {} bytes", digest.hex(),
                            length - remaining, length);
                    return;
                }
                remaining -= n;
            }
        } catch (IOException e) {
            if (!response.isCommitted()) {
                throw storeUnavailable(digest, e);
            }
            throw new IllegalStateException("reading artifact sha256:" + digest.hex() + " failed while it was sent", e);
        }
    }

    /** False when the client has gone away (the container completes the answer after the handler returns). */
    private static boolean write(OutputStream out, byte[] buffer, int n) {
        try {
            out.write(buffer, 0, n);
            return true;
        } catch (IOException clientGone) {
            return false;
        }
    }
}
