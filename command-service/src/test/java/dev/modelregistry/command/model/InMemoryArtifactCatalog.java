package dev.modelregistry.command.model;

import dev.modelregistry.command.artifact.ArtifactCatalog;
import dev.modelregistry.events.model.ManifestFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Test double of the artifact feature's catalog for unit tests of the model feature and the REST
 * layer (no database here). The real catalog is exercised end to end in the deploy module. It holds
 * what a test says it holds and stores manifests as the SHA-256 of a simple text form.
 */
public final class InMemoryArtifactCatalog implements ArtifactCatalog {

    private final Map<String, HeldArtifact> held = new HashMap<>();
    public final List<Collection<String>> lookups = new ArrayList<>();
    public final List<List<ManifestFile>> storedManifests = new ArrayList<>();
    public final List<String> manifestActors = new ArrayList<>();

    /** Holds {@code size} bytes under {@code sha256}. */
    public InMemoryArtifactCatalog hold(String sha256, long size) {
        held.put(sha256, new HeldArtifact(sha256, size, false));
        return this;
    }

    /** Holds {@code sha256}, found corrupted. */
    public InMemoryArtifactCatalog holdCorrupted(String sha256, long size) {
        held.put(sha256, new HeldArtifact(sha256, size, true));
        return this;
    }

    @Override
    public Map<String, HeldArtifact> find(Collection<String> sha256s) {
        lookups.add(List.copyOf(sha256s));
        Map<String, HeldArtifact> found = new HashMap<>();
        sha256s.forEach(sha256 -> {
            if (held.containsKey(sha256)) {
                found.put(sha256, held.get(sha256));
            }
        });
        return found;
    }

    @Override
    public String storeManifest(List<ManifestFile> files, String actor) {
        storedManifests.add(List.copyOf(files));
        manifestActors.add(actor);
        String digest = manifestDigest(files);
        held.put(digest, new HeldArtifact(digest, text(files).length(), false));
        return digest;
    }

    @Override
    public String manifestDigest(List<ManifestFile> files) {
        return sha256(text(files));
    }

    private static String text(List<ManifestFile> files) {
        StringBuilder text = new StringBuilder();
        files.forEach(file -> text.append(file.path()).append('\t').append(file.sha256()).append('\t')
                .append(file.size()).append('\n'));
        return text.toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
