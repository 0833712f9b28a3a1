package dev.modelregistry.command.artifact;

import dev.modelregistry.artifact.BlobStore;
import dev.modelregistry.artifact.BlobTooLargeException;
import dev.modelregistry.artifact.StagedBlob;
import dev.modelregistry.events.model.ManifestFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ArtifactCatalog} on the catalog tables: what is held comes from {@code artifact_blob}; a
 * manifest is stored like an upload ({@link BlobRecorder}) as the canonical document of
 * {@link ManifestDocument}, under a correlation id of its own.
 */
final class StoreArtifactCatalog implements ArtifactCatalog {

    private static final Logger log = LoggerFactory.getLogger(StoreArtifactCatalog.class);

    private final CatalogTables tables;
    private final BlobStore store;
    private final BlobRecorder recorder;
    private final long maxUploadSize;

    StoreArtifactCatalog(CatalogTables tables, BlobStore store, BlobRecorder recorder, long maxUploadSize) {
        this.tables = tables;
        this.store = store;
        this.recorder = recorder;
        this.maxUploadSize = maxUploadSize;
    }

    @Override
    public Map<String, HeldArtifact> find(Collection<String> sha256s) {
        Map<String, HeldArtifact> held = new LinkedHashMap<>();
        tables.findHeld(sha256s).forEach((sha256, row) ->
                held.put(sha256, new HeldArtifact(sha256, row.size(), row.corrupted())));
        return held;
    }

    @Override
    public String manifestDigest(List<ManifestFile> files) {
        return sha256Of(ManifestDocument.of(files));
    }

    @Override
    public String storeManifest(List<ManifestFile> files, String actor) {
        byte[] document = ManifestDocument.of(files);
        // Versions that share their files share one manifest: when it is already held intact, storing it
        // again would only serialise those registrations on its digest lock and rewrite identical bytes.
        // Should the collector remove it before the version's reference is written, the reference's
        // foreign key refuses the registration (409 artifact_not_held) and a retry stores it afresh.
        String sha256 = sha256Of(document);
        HeldArtifact held = find(List.of(sha256)).get(sha256);
        if (held != null && !held.corrupted()) {
            return sha256;
        }
        StagedBlob staged;
        try {
            staged = store.stage(new ByteArrayInputStream(document), maxUploadSize);
        } catch (BlobTooLargeException e) {
            throw new ArtifactError.ArtifactTooLarge("files", e.limit(), "manifest");
        } catch (IOException e) {
            log.warn("Staging a manifest failed", e);
            throw new ArtifactError.StoreUnavailable();
        }
        return recorder.record(staged, ManifestDocument.MEDIA_TYPE, null, actor, UUID.randomUUID().toString(),
                () -> { }).artifact().sha256();
    }

    private static String sha256Of(byte[] document) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(document));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
