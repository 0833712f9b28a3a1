package dev.modelregistry.command.artifact;

import dev.modelregistry.events.model.ManifestFile;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What the command side knows about the blobs it holds: the contract the {@code model} feature uses
 * to check that a version references only held artifacts, and to store a version's manifest.
 *
 * <p>The check here gives a clear answer before a command is sent; it is not the guard against a
 * race with the garbage collector. That guard is the foreign key from the reference table to the
 * blob table, written in the same transaction as {@code VersionRegistered} (docs/architecture.md).
 */
public interface ArtifactCatalog {

    /** The held artifacts among {@code sha256s} (lower-case hex), by digest; absent digests are not held. */
    Map<String, HeldArtifact> find(Collection<String> sha256s);

    /**
     * Stores the canonical manifest document of {@code files} (sorted by path) as a blob, recording
     * {@code ArtifactStored} if it is new, and returns its digest. Idempotent.
     */
    String storeManifest(List<ManifestFile> files, String actor);

    /** The digest {@link #storeManifest} gives {@code files} (sorted by path), computed without any I/O. */
    String manifestDigest(List<ManifestFile> files);

    /** A digest the store holds; {@code corrupted} when its bytes were found not to match and not yet replaced. */
    record HeldArtifact(String sha256, long size, boolean corrupted) {
    }
}
