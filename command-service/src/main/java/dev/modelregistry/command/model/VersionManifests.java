package dev.modelregistry.command.model;

import dev.modelregistry.command.artifact.ArtifactCatalog;
import dev.modelregistry.command.artifact.ArtifactCatalog.HeldArtifact;
import dev.modelregistry.command.model.RegistryError.ArtifactsUnavailable;
import dev.modelregistry.command.model.RegistryError.ArtifactsUnavailable.FileProblem;
import dev.modelregistry.command.model.RegistryError.ArtifactsUnavailable.Reason;
import dev.modelregistry.command.model.VersionDraft.DeclaredFile;
import dev.modelregistry.events.model.ManifestFile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The model feature's side of "a version references only artifacts the registry holds": before a
 * {@link RegisterVersion} is sent, every declared file must be held by the artifact store, not found
 * corrupted, and of the declared size; then the manifest (files sorted by path, sizes as held) is
 * stored as a blob of its own and its digest becomes the version's {@code artifact.sha256}.
 *
 * <p>This runs outside the aggregate because it reads the store (the aggregate does no I/O). It is a
 * clear early answer, not the guard against a concurrent garbage collection: that guard belongs to
 * the artifact feature (see {@link ArtifactCatalog}). A registration that the aggregate then refuses
 * (deleted model, bad parent) leaves its manifest stored but unreferenced, and the collector removes
 * it like any other unreferenced blob.
 */
public class VersionManifests {

    private final ArtifactCatalog catalog;

    public VersionManifests(ArtifactCatalog catalog) {
        this.catalog = catalog;
    }

    /**
     * The command for {@code draft}, with the manifest stored on behalf of {@code actor}.
     *
     * @throws ArtifactsUnavailable listing every file the store cannot back (nothing is stored then)
     */
    public RegisterVersion prepare(VersionDraft draft, String actor) {
        TreeSet<String> digests = digests(draft.files());
        // with every size declared, the manifest is known before the lookup: one query finds the files
        // and whether their manifest is already held (versions that share files share it)
        if (draft.files().stream().allMatch(file -> file.size() != null)) {
            digests.add(catalog.manifestDigest(sorted(draft.files().stream()
                    .map(file -> new ManifestFile(file.path(), file.sha256(), file.size())).toList())));
        }
        Map<String, HeldArtifact> held = catalog.find(digests);
        List<ManifestFile> manifest = sorted(check(draft.files(), held));
        String manifestSha256 = catalog.manifestDigest(manifest);
        HeldArtifact stored = held.get(manifestSha256);
        if (stored == null || stored.corrupted()) {
            manifestSha256 = catalog.storeManifest(manifest, actor);
        }
        return draft.toCommand(manifestSha256, manifest);
    }

    /**
     * The declared files as held by the store (sizes as held), in the declared order: the check every
     * reference to stored files passes (a version's files, a run's artifacts).
     *
     * @throws ArtifactsUnavailable listing every file the store cannot back
     */
    public List<ManifestFile> held(List<DeclaredFile> files) {
        return check(files, catalog.find(digests(files)));
    }

    private static TreeSet<String> digests(List<DeclaredFile> files) {
        TreeSet<String> digests = new TreeSet<>();
        files.forEach(file -> digests.add(file.sha256()));
        return digests;
    }

    private static List<ManifestFile> sorted(List<ManifestFile> files) {
        List<ManifestFile> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(ManifestFile::path));
        return List.copyOf(sorted);
    }

    private static List<ManifestFile> check(List<DeclaredFile> files, Map<String, HeldArtifact> held) {
        List<FileProblem> problems = new ArrayList<>();
        List<ManifestFile> manifest = new ArrayList<>();
        for (DeclaredFile file : files) {
            HeldArtifact artifact = held.get(file.sha256());
            if (artifact == null) {
                problems.add(new FileProblem(field(file, ".sha256"), Reason.NOT_FOUND, "The registry holds no "
                        + "artifact " + file.sha256() + "; upload the file first (POST /api/v1/artifacts)."));
            } else if (artifact.corrupted()) {
                problems.add(new FileProblem(field(file, ".sha256"), Reason.CORRUPTED, "The stored bytes of "
                        + "artifact " + file.sha256() + " no longer match its digest; upload the file again."));
            } else if (file.size() != null && file.size() != artifact.size()) {
                problems.add(new FileProblem(field(file, ".size"), Reason.SIZE_MISMATCH, "Artifact "
                        + file.sha256() + " has " + artifact.size() + " bytes, not " + file.size() + "."));
            } else {
                manifest.add(new ManifestFile(file.path(), file.sha256(), artifact.size()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ArtifactsUnavailable(problems);
        }
        return List.copyOf(manifest);
    }

    /** The request field of a file's digest or size; files taken from a run's artifacts name the run URI. */
    private static String field(DeclaredFile file, String member) {
        return VersionDraft.RUN_FILES_FIELD.equals(file.field()) ? file.field() : file.field() + member;
    }
}
