package dev.modelregistry.command.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.modelregistry.command.artifact.ArtifactMaintenance;
import dev.modelregistry.command.artifact.ArtifactMaintenance.CollectionReport;
import dev.modelregistry.command.artifact.ArtifactMaintenance.ScrubReport;
import dev.modelregistry.command.artifact.ArtifactUploads;
import dev.modelregistry.command.artifact.ArtifactUploads.PartView;
import dev.modelregistry.command.artifact.ArtifactUploads.SessionRequest;
import dev.modelregistry.command.artifact.ArtifactUploads.SessionView;
import dev.modelregistry.command.artifact.ArtifactUploads.UploadRequest;
import dev.modelregistry.command.artifact.StoreResult;
import dev.modelregistry.command.artifact.StoredArtifact;
import dev.modelregistry.command.web.ArtifactHeaders.Expected;
import dev.modelregistry.command.web.RequestRejected.FieldProblem;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Artifact uploads, v1 (docs/api.md, "Artifacts (commands)"). Bodies of uploads and parts are read
 * from the servlet's input stream by {@link ArtifactUploads} as they arrive, never through a message
 * converter or multipart parsing, so memory stays bounded whatever their size; headers are checked by
 * {@link ArtifactHeaders} before a byte is read. Refusals are {@code application/problem+json}
 * ({@link CommandProblemHandler}); the actor is the {@link CurrentActor}. An upload session belongs to
 * the principal that started it: to anyone else it answers 404 like an unknown session.
 *
 * <p>Paths do not overlap the query side's {@code GET /api/v1/artifacts/{sha256}} (the standalone
 * application serves both on one port).
 */
@RestController
public class ArtifactCommandController {

    static final String ARTIFACTS = "/api/v1/artifacts";
    static final String UPLOADS = "/api/v1/artifact-uploads";
    static final String ADMIN = "/api/v1/admin/artifacts";

    private final ArtifactUploads uploads;
    private final ArtifactMaintenance maintenance;
    private final CommandJson json;
    private final CurrentActor actor;

    ArtifactCommandController(ArtifactUploads uploads, ArtifactMaintenance maintenance, CommandJson json,
                              CurrentActor actor) {
        this.uploads = uploads;
        this.maintenance = maintenance;
        this.json = json;
        this.actor = actor;
    }

    // ------------------------------------------------------------------------------- single upload

    @PostMapping(ARTIFACTS)
    ResponseEntity<ArtifactResponse> upload(HttpServletRequest request) throws IOException {
        String correlationId = CorrelationIds.resolve(request);
        ArtifactHeaders headers = new ArtifactHeaders();
        Expected expected = headers.expectedDigest(request.getHeader(ArtifactHeaders.SHA256),
                request.getHeader(ArtifactHeaders.REPR_DIGEST), request.getHeader(ArtifactHeaders.CONTENT_DIGEST),
                request.getHeader(ArtifactHeaders.DIGEST));
        Long size = headers.size(request.getHeader(ArtifactHeaders.SIZE));
        String mediaType = headers.mediaType(request.getContentType(), ArtifactHeaders.CONTENT_TYPE);
        String fileName = headers.fileName(request.getHeader(ArtifactHeaders.FILE_NAME),
                request.getHeader(ArtifactHeaders.CONTENT_DISPOSITION));
        rejectIfAny(headers.problems());
        UploadRequest upload = new UploadRequest(mediaType, fileName, expected.sha256(), expected.field(), size,
                ArtifactHeaders.SIZE, request.getContentLengthLong());
        StoreResult result;
        try (InputStream body = request.getInputStream()) {
            result = uploads.upload(body, upload, actor.actor(), correlationId);
        }
        return stored(result, correlationId);
    }

    // ---------------------------------------------------------------------------- resumable upload

    @PostMapping(UPLOADS)
    ResponseEntity<SessionResponse> startUpload(HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        StartUploadRequest body = json.read(request, StartUploadRequest.class, false);
        ArtifactHeaders checks = new ArtifactHeaders();
        SessionRequest session = new SessionRequest(null, null, null, null);
        if (body != null) {
            String sha256 = body.sha256();
            if (sha256 != null && !Pattern.matches("[0-9a-f]{64}", sha256)) {
                checks.problems().add(new FieldProblem("sha256", ProblemTypes.INVALID_SHA256,
                        "A SHA-256 digest is 64 lower-case hex digits."));
            }
            if (body.size() != null && body.size() < 0) {
                checks.problems().add(new FieldProblem("size", ProblemTypes.INVALID_VALUE,
                        "A size is a number of bytes, 0 or more."));
            }
            String mediaType = checks.mediaType(body.mediaType(), "media_type");
            String fileName = body.fileName() == null ? null : checks.validFileName("file_name", body.fileName());
            session = new SessionRequest(sha256, body.size(), mediaType, fileName);
        }
        rejectIfAny(checks.problems());
        SessionView view = uploads.startSession(session, actor.actor());
        return ResponseEntity.created(URI.create(UPLOADS + "/" + view.uploadId()))
                .header(CommandHeaders.CORRELATION_ID, correlationId)
                .body(SessionResponse.of(view));
    }

    @GetMapping(UPLOADS + "/{id}")
    ResponseEntity<SessionResponse> upload(@PathVariable("id") String id, HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        SessionView view = uploads.session(uploadId(id), actor.actor());
        return ResponseEntity.ok().header(CommandHeaders.CORRELATION_ID, correlationId).body(SessionResponse.of(view));
    }

    @PutMapping(UPLOADS + "/{id}/parts/{number}")
    ResponseEntity<PartResponse> putPart(@PathVariable("id") String id, @PathVariable("number") String number,
                                         HttpServletRequest request) throws IOException {
        String correlationId = CorrelationIds.resolve(request);
        ArtifactHeaders headers = new ArtifactHeaders();
        UUID uploadId = headers.uploadId(id);
        Integer partNumber = headers.partNumber(number);
        Expected expected = headers.expectedDigest(request.getHeader(ArtifactHeaders.SHA256),
                request.getHeader(ArtifactHeaders.REPR_DIGEST), request.getHeader(ArtifactHeaders.CONTENT_DIGEST),
                request.getHeader(ArtifactHeaders.DIGEST));
        rejectIfAny(headers.problems());
        PartView part;
        try (InputStream body = request.getInputStream()) {
            part = uploads.putPart(uploadId, partNumber, body, request.getContentLengthLong(), expected.sha256(),
                    expected.field(), actor.actor());
        }
        return ResponseEntity.ok().header(CommandHeaders.CORRELATION_ID, correlationId)
                .body(new PartResponse(part.partNumber(), part.size(), part.sha256()));
    }

    @PostMapping(UPLOADS + "/{id}:complete")
    ResponseEntity<ArtifactResponse> complete(@PathVariable("id") String id, HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        UUID uploadId = uploadId(id);
        CompleteUploadRequest body = json.read(request, CompleteUploadRequest.class, false);
        StoreResult result = uploads.complete(uploadId, body == null ? null : body.parts(), actor.actor(),
                correlationId);
        return stored(result, correlationId);
    }

    @DeleteMapping(UPLOADS + "/{id}")
    ResponseEntity<Void> abort(@PathVariable("id") String id, HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        uploads.abort(uploadId(id), actor.actor());
        return ResponseEntity.noContent().header(CommandHeaders.CORRELATION_ID, correlationId).build();
    }

    // ------------------------------------------------------------------------------- operators

    /** Runs a garbage collection (and tiering pass) now; {@code grace_period} (ISO-8601) overrides the setting. */
    @PostMapping(ADMIN + ":collect")
    ResponseEntity<CollectionResponse> collect(HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        Duration grace = maintenance.gracePeriod();
        String requested = request.getParameter("grace_period");
        if (requested != null) {
            try {
                grace = Duration.parse(requested);
            } catch (DateTimeParseException e) {
                grace = null;
            }
            if (grace == null || grace.isNegative()) {
                throw RequestRejected.of(HttpStatus.BAD_REQUEST, "grace_period", ProblemTypes.INVALID_DURATION,
                        "grace_period is an ISO-8601 duration of 0 or more, such as PT0S, PT10M or P1D.");
            }
        }
        CollectionReport report = maintenance.collect(grace, actor.actor(), correlationId);
        return ResponseEntity.ok().header(CommandHeaders.CORRELATION_ID, correlationId)
                .body(CollectionResponse.of(report, grace));
    }

    /** Re-hashes every stored blob; the corrupted ones get {@code ArtifactCorruptionDetected}. */
    @PostMapping(ADMIN + ":scrub")
    ResponseEntity<ScrubResponse> scrub(HttpServletRequest request) {
        String correlationId = CorrelationIds.resolve(request);
        ScrubReport report = maintenance.scrub(actor.actor(), correlationId);
        return ResponseEntity.ok().header(CommandHeaders.CORRELATION_ID, correlationId)
                .body(new ScrubResponse(report.verified(), report.corruptedCount(), report.corrupted()));
    }

    // ---------------------------------------------------------------------------------------------

    private static ResponseEntity<ArtifactResponse> stored(StoreResult result, String correlationId) {
        StoredArtifact artifact = result.artifact();
        HttpHeaders headers = CommandHeaders.of(result.position(), correlationId);
        headers.setETag("\"" + artifact.sha256() + "\"");
        ArtifactResponse body = new ArtifactResponse(artifact.sha256(), artifact.size(), artifact.mediaType(),
                artifact.fileName(), time(artifact.storedAt()));
        if (result.recorded()) {
            headers.setLocation(URI.create(ARTIFACTS + "/" + artifact.sha256()));
            return ResponseEntity.status(HttpStatus.CREATED).headers(headers).body(body);
        }
        return ResponseEntity.ok().headers(headers).body(body);
    }

    private static UUID uploadId(String id) {
        ArtifactHeaders checks = new ArtifactHeaders();
        UUID uploadId = checks.uploadId(id);
        rejectIfAny(checks.problems());
        return uploadId;
    }

    private static void rejectIfAny(List<FieldProblem> problems) {
        if (!problems.isEmpty()) {
            throw RequestRejected.invalid(problems);
        }
    }

    private static String time(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    // ------------------------------------------------------------------------------ JSON bodies

    record StartUploadRequest(String sha256, Long size, String mediaType, String fileName) {
    }

    record CompleteUploadRequest(List<Integer> parts) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ArtifactResponse(@JsonProperty("sha256") String sha256,
                            @JsonProperty("size") long size,
                            @JsonProperty("media_type") String mediaType,
                            @JsonProperty("file_name") String fileName,
                            @JsonProperty("stored_at") String storedAt) {
    }

    record PartResponse(@JsonProperty("part_number") int partNumber,
                        @JsonProperty("size") long size,
                        @JsonProperty("sha256") String sha256) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record SessionResponse(@JsonProperty("upload_id") String uploadId,
                           @JsonProperty("state") String state,
                           @JsonProperty("sha256") String expectedSha256,
                           @JsonProperty("size") Long expectedSize,
                           @JsonProperty("media_type") String mediaType,
                           @JsonProperty("file_name") String fileName,
                           @JsonProperty("created_at") String createdAt,
                           @JsonProperty("expires_at") String expiresAt,
                           @JsonProperty("max_part_size") long maxPartSize,
                           @JsonProperty("parts") List<PartResponse> parts,
                           @JsonProperty("next_part_number") int nextPartNumber,
                           @JsonProperty("received_bytes") long receivedBytes,
                           @JsonProperty("artifact_sha256") String artifactSha256) {

        static SessionResponse of(SessionView view) {
            List<PartResponse> parts = new ArrayList<>(view.parts().size());
            view.parts().forEach(p -> parts.add(new PartResponse(p.partNumber(), p.size(), p.sha256())));
            return new SessionResponse(view.uploadId().toString(), view.state(), view.expectedSha256(),
                    view.expectedSize(), view.mediaType(), view.fileName(), time(view.createdAt()),
                    time(view.expiresAt()), view.maxPartSize(), parts, view.nextPartNumber(), view.receivedBytes(),
                    view.sha256());
        }
    }

    record DeletedResponse(@JsonProperty("sha256") String sha256, @JsonProperty("size") long size) {
    }

    record MovedResponse(@JsonProperty("sha256") String sha256, @JsonProperty("from_class") String fromClass,
                         @JsonProperty("to_class") String toClass) {
    }

    record CollectionResponse(@JsonProperty("grace_period") String gracePeriod,
                              @JsonProperty("cutoff") String cutoff,
                              @JsonProperty("deleted_count") int deletedCount,
                              @JsonProperty("deleted_bytes") long deletedBytes,
                              @JsonProperty("deleted") List<DeletedResponse> deleted,
                              @JsonProperty("orphans_removed") int orphansRemoved,
                              @JsonProperty("orphans") List<String> orphans,
                              @JsonProperty("expired_uploads_removed") int expiredUploads,
                              @JsonProperty("storage_class_changes") int storageClassChanges,
                              @JsonProperty("moved") List<MovedResponse> moved) {

        static CollectionResponse of(CollectionReport report, Duration grace) {
            return new CollectionResponse(grace.toString(), time(report.cutoff()), report.deletedCount(),
                    report.deletedBytes(),
                    report.deleted().stream().map(d -> new DeletedResponse(d.sha256(), d.size())).toList(),
                    report.orphansRemoved(), report.orphans(), report.expiredUploads(), report.storageClassChanges(),
                    report.moved().stream().map(m -> new MovedResponse(m.sha256(), m.fromClass(), m.toClass()))
                            .toList());
        }
    }

    record ScrubResponse(@JsonProperty("verified") int verified,
                         @JsonProperty("corrupted_count") int corruptedCount,
                         @JsonProperty("corrupted") List<String> corrupted) {
    }
}
