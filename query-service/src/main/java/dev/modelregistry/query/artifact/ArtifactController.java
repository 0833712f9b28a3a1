package dev.modelregistry.query.artifact;

import dev.modelregistry.artifact.ArtifactPath;
import dev.modelregistry.artifact.InvalidArtifactPathException;
import dev.modelregistry.artifact.Sha256;
import dev.modelregistry.query.artifact.ArtifactViews.ArtifactView;
import dev.modelregistry.query.artifact.ArtifactViews.FileView;
import dev.modelregistry.query.consistency.Projector;
import dev.modelregistry.query.consistency.ReadsFrom;
import dev.modelregistry.query.web.AsOf;
import dev.modelregistry.query.web.Page;
import dev.modelregistry.query.web.PageSize;
import dev.modelregistry.query.web.PageTokenCodec;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import dev.modelregistry.query.web.VersionNumber;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.OffsetDateTime;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Downloads: a blob by digest, a version's file by path, and their metadata. Every text from the
 * request is checked before anything reaches the store: a digest must be 64 hex digits, a path must
 * pass {@link ArtifactPath} (after the one decoding the HTTP layer does) and is then only looked up
 * in the version's manifest; the store is only ever asked for a digest.
 */
@RestController("queryArtifactController")
@ReadsFrom(Projector.POSTGRES)
class ArtifactController {

    private final ArtifactQueries queries;
    private final ArtifactDownloads downloads;

    ArtifactController(ArtifactQueries queries, ArtifactDownloads downloads) {
        this.queries = queries;
        this.downloads = downloads;
    }

    /** The blob itself (GET and HEAD). */
    @GetMapping("/api/v1/artifacts/{sha256}")
    void blob(@PathVariable String sha256, HttpServletRequest request, HttpServletResponse response) {
        downloads.send(digest(sha256), null, request, response);
    }

    @GetMapping(path = "/api/v1/artifacts/{sha256}/metadata", produces = MediaType.APPLICATION_JSON_VALUE)
    ArtifactView metadata(@PathVariable String sha256) {
        Sha256 digest = digest(sha256);
        return queries.artifact(digest.hex()).orElseThrow(() -> new QueryException(ProblemType.ARTIFACT_NOT_FOUND,
                "sha256", "The registry holds no artifact sha256:" + digest.hex(), Map.of("sha256", digest.hex()), null));
    }

    @GetMapping(path = "/api/v1/models/{name}/versions/{version}/artifacts", produces = MediaType.APPLICATION_JSON_VALUE)
    Page<FileView> files(@PathVariable String name, @PathVariable String version,
                         @RequestParam(name = "include_deleted", defaultValue = "false") boolean includeDeleted,
                         @RequestParam(name = AsOf.PARAMETER, required = false) String asOf,
                         @RequestParam(name = PageSize.PARAMETER, required = false) String pageSize,
                         @RequestParam(name = PageTokenCodec.PARAMETER, required = false) String pageToken) {
        int number = VersionNumber.parse(version, "version");
        OffsetDateTime time = AsOf.parse(asOf);
        return queries.files(name, number, includeDeleted, time, PageSize.parse(pageSize),
                pageToken == null || pageToken.isEmpty() ? null : pageToken);
    }

    /** A file of a version by its path in the manifest (GET and HEAD); {@code path} arrives decoded once. */
    @GetMapping("/api/v1/models/{name}/versions/{version}/artifacts/{*path}")
    void file(@PathVariable String name, @PathVariable String version, @PathVariable String path,
              @RequestParam(name = "include_deleted", defaultValue = "false") boolean includeDeleted,
              @RequestParam(name = AsOf.PARAMETER, required = false) String asOf,
              HttpServletRequest request, HttpServletResponse response) {
        int number = VersionNumber.parse(version, "version");
        ArtifactPath artifactPath = artifactPath(path);
        FileView file = queries.file(name, number, artifactPath.value(), includeDeleted, AsOf.parse(asOf));
        downloads.send(new Sha256(file.sha256()), artifactPath.fileName(), request, response);
    }

    private static Sha256 digest(String text) {
        try {
            return Sha256.parse(text);
        } catch (IllegalArgumentException e) {
            throw new QueryException(ProblemType.INVALID_SHA256, "sha256",
                    "sha256 must be a SHA-256 digest: 64 hexadecimal digits");
        }
    }

    /** The capture of {@code {*path}} starts with the {@code /} that separates it from {@code artifacts}. */
    static ArtifactPath artifactPath(String captured) {
        String path = captured.startsWith("/") ? captured.substring(1) : captured;
        try {
            return ArtifactPath.parse(path);
        } catch (InvalidArtifactPathException e) {
            throw new QueryException(ProblemType.INVALID_PATH, "path", e.getMessage(), Map.of("reason", e.reason()),
                    null);
        }
    }
}
