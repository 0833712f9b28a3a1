package dev.modelregistry.query.artifact;

import static dev.modelregistry.readmodel.jooq.Tables.ARTIFACT;
import static dev.modelregistry.readmodel.jooq.Tables.MODEL;
import static dev.modelregistry.readmodel.jooq.Tables.MODEL_VERSION;
import static dev.modelregistry.readmodel.jooq.Tables.VERSION_FILE;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.row;

import dev.modelregistry.query.artifact.ArtifactViews.ArtifactView;
import dev.modelregistry.query.artifact.ArtifactViews.Corruption;
import dev.modelregistry.query.artifact.ArtifactViews.Deletion;
import dev.modelregistry.query.artifact.ArtifactViews.FileView;
import dev.modelregistry.query.support.JsonColumns;
import dev.modelregistry.query.support.ReadModelDatabase;
import dev.modelregistry.query.support.Scopes;
import dev.modelregistry.query.web.Page;
import dev.modelregistry.query.web.PageTokenCodec;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.Record4;
import org.jooq.Records;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * The artifact read model ({@code artifact}) and the files of versions ({@code version_file}). A
 * version's path is looked up by exact string equality, never interpreted: {@code models2/x} is not
 * under {@code models}, and no path reaches a file system.
 */
@Component("queryArtifactQueries")
class ArtifactQueries {

    /** Paths compare by code point (byte order of UTF-8), whatever the database's locale. */
    private static final Field<String> PATH_ORDER = VERSION_FILE.PATH.collate("C");

    private final ReadModelDatabase database;
    private final PageTokenCodec tokens;

    ArtifactQueries(ReadModelDatabase database, PageTokenCodec tokens) {
        this.database = database;
        this.tokens = tokens;
    }

    /** The artifact row of a digest, empty when the read model has none. */
    Optional<ArtifactView> artifact(String sha256) {
        var a = ARTIFACT;
        return database.dsl()
                .select(a.SHA256, a.SIZE, a.MEDIA_TYPE, a.FILE_NAME, a.STATE, a.STORAGE_CLASS,
                        a.STORED_AT.convertFrom(JsonColumns::instant), a.UPLOADER,
                        row(a.CORRUPTED_AT.convertFrom(JsonColumns::instant), a.OBSERVED_SHA256, a.OBSERVED_SIZE,
                                a.DETECTED_BY).mapping(ArtifactQueries::corruption),
                        row(a.DELETED_AT.convertFrom(JsonColumns::instant), a.DELETED_REASON)
                                .mapping((at, reason) -> at == null ? null : new Deletion(at, reason)),
                        a.UPDATED_AT.convertFrom(JsonColumns::instant))
                .from(a)
                .where(a.SHA256.eq(sha256))
                .fetchOptional(Records.mapping((digest, size, mediaType, fileName, state, storageClass, storedAt,
                                                uploader, corruption, deletion, updatedAt) ->
                        new ArtifactView(digest, size, mediaType, fileName, state, storageClass, storedAt, uploader,
                                corruption, deletion, updatedAt, blobUrl(digest))));
    }

    private static Corruption corruption(Instant at, String observedSha256, Long observedSize, String detectedBy) {
        return at == null ? null : new Corruption(at, observedSha256, observedSize, detectedBy);
    }

    /**
     * The file at {@code path} of a version.
     *
     * @throws QueryException 404 {@code model_not_found}, {@code model_deleted}, {@code version_not_found},
     *         {@code version_deleted} (unless {@code includeDeleted}) or {@code artifact_path_not_found}
     */
    FileView file(String model, int version, String path, boolean includeDeleted, OffsetDateTime asOf) {
        var f = VERSION_FILE;
        Record4<OffsetDateTime, Integer, OffsetDateTime, FileView> row = database.dsl()
                .select(deletedAt(MODEL.DELETED_AT, asOf), MODEL_VERSION.VERSION,
                        deletedAt(MODEL_VERSION.DELETED_AT, asOf),
                        row(f.PATH, f.SHA256, f.SIZE).mapping((p, sha256, size) ->
                                p == null ? null : fileView(model, version, p, sha256, size)))
                .from(MODEL)
                .leftJoin(MODEL_VERSION).on(MODEL_VERSION.MODEL.eq(MODEL.NAME), MODEL_VERSION.VERSION.eq(version),
                        createdBy(MODEL_VERSION.CREATED_AT, asOf))
                .leftJoin(f).on(f.MODEL.eq(MODEL_VERSION.MODEL), f.VERSION.eq(MODEL_VERSION.VERSION), f.PATH.eq(path))
                .where(MODEL.NAME.eq(model), createdBy(MODEL.CREATED_AT, asOf))
                .fetchOne();
        requireVersion(model, version, includeDeleted, row == null ? null : new VersionState(row.value1(),
                row.value2() != null, row.value3()));
        if (row.value4() == null) {
            throw new QueryException(ProblemType.ARTIFACT_PATH_NOT_FOUND, "path",
                    "Version " + version + " of model '" + model + "' has no file at this path");
        }
        return row.value4();
    }

    /** The files of a version, by path, keyset-paginated. */
    Page<FileView> files(String model, int version, boolean includeDeleted, OffsetDateTime asOf, int pageSize,
                         String pageToken) {
        var state = database.dsl()
                .select(deletedAt(MODEL.DELETED_AT, asOf), MODEL_VERSION.VERSION, deletedAt(MODEL_VERSION.DELETED_AT, asOf))
                .from(MODEL)
                .leftJoin(MODEL_VERSION).on(MODEL_VERSION.MODEL.eq(MODEL.NAME), MODEL_VERSION.VERSION.eq(version),
                        createdBy(MODEL_VERSION.CREATED_AT, asOf))
                .where(MODEL.NAME.eq(model), createdBy(MODEL.CREATED_AT, asOf))
                .fetchOne(r -> new VersionState(r.value1(), r.value2() != null, r.value3()));
        requireVersion(model, version, includeDeleted, state);
        String scope = Scopes.of("version-files", model, version, includeDeleted, asOf);
        var f = VERSION_FILE;
        List<FileView> rows = database.dsl()
                .select(f.PATH, f.SHA256, f.SIZE)
                .from(f)
                .where(f.MODEL.eq(model), f.VERSION.eq(version))
                .and(pageToken == null ? noCondition() : PATH_ORDER.gt(cursor(tokens.decode(scope, pageToken))))
                .orderBy(PATH_ORDER)
                .limit(pageSize + 1)
                .fetch(Records.mapping((p, sha256, size) -> fileView(model, version, p, sha256, size)));
        return Page.of(rows, pageSize, last -> tokens.encode(scope, List.of(last.path())));
    }

    /**
     * A version's files never change; as of a time only whether the model and the version existed and
     * were deleted then does: created at or before the time, deleted at or before it.
     */
    private static Condition createdBy(Field<OffsetDateTime> createdAt, OffsetDateTime asOf) {
        return asOf == null ? noCondition() : createdAt.le(asOf);
    }

    private static Field<OffsetDateTime> deletedAt(Field<OffsetDateTime> deletedAt, OffsetDateTime asOf) {
        return asOf == null ? deletedAt : DSL.when(deletedAt.le(asOf), deletedAt);
    }

    private record VersionState(OffsetDateTime modelDeletedAt, boolean versionExists, OffsetDateTime versionDeletedAt) {
    }

    private static void requireVersion(String model, int version, boolean includeDeleted, VersionState state) {
        if (state == null) {
            throw new QueryException(ProblemType.MODEL_NOT_FOUND, "name", "No model named '" + model + "'");
        }
        if (state.modelDeletedAt() != null && !includeDeleted) {
            throw new QueryException(ProblemType.MODEL_DELETED, "name",
                    "Model '" + model + "' is deleted; add include_deleted=true to see it");
        }
        if (!state.versionExists()) {
            throw new QueryException(ProblemType.VERSION_NOT_FOUND, "version",
                    "Model '" + model + "' has no version " + version);
        }
        if (state.versionDeletedAt() != null && !includeDeleted) {
            throw new QueryException(ProblemType.VERSION_DELETED, "version",
                    "Version " + version + " of model '" + model + "' is deleted; add include_deleted=true to see it");
        }
    }

    private static FileView fileView(String model, int version, String path, String sha256, Long size) {
        StringBuilder url = new StringBuilder("/api/v1/models/").append(UriUtils.encodePathSegment(model, "UTF-8"))
                .append("/versions/").append(version).append("/artifacts");
        for (String segment : path.split("/", -1)) {
            url.append('/').append(UriUtils.encodePathSegment(segment, "UTF-8"));
        }
        return new FileView(path, sha256, size, url.toString(), blobUrl(sha256));
    }

    static String blobUrl(String sha256) {
        return "/api/v1/artifacts/" + sha256;
    }

    private static String cursor(List<Object> cursor) {
        if (cursor.size() == 1 && cursor.getFirst() instanceof String path) {
            return path;
        }
        throw new QueryException(ProblemType.INVALID_PAGE_TOKEN, PageTokenCodec.PARAMETER,
                "page_token is not a token this query returned; start again without page_token");
    }
}
