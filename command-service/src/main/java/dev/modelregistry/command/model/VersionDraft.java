package dev.modelregistry.command.model;

import dev.modelregistry.events.model.ArtifactReference;
import dev.modelregistry.events.model.Lineage;
import dev.modelregistry.events.model.ManifestFile;
import java.util.List;
import java.util.Map;

/**
 * A new version as the client declared it, already checked for form (names, digests, paths) but not
 * yet against the artifact store: {@link VersionManifests} turns it into a {@link RegisterVersion}.
 *
 * @param sourceUri where the client says the files came from (may be null); recorded as is
 * @param files     the declared manifest, in request order
 */
public record VersionDraft(String model, String sourceUri, List<DeclaredFile> files,
                           String framework, String frameworkVersion,
                           Map<String, String> params, Map<String, Double> metrics,
                           String description, Map<String, String> tags, Lineage lineage) {

    /**
     * One file as declared: relative path, digest, and the size if the client gave one. {@code field}
     * is the request's JSON path of the entry ({@code files[2]}, or {@code artifact} for the one-file
     * form), so that a refusal names the field at fault.
     */
    public record DeclaredFile(String path, String sha256, Long size, String field) {
    }

    public VersionDraft {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** The command for this draft once the store has backed every file and holds the manifest. */
    RegisterVersion toCommand(String manifestSha256, List<ManifestFile> manifest) {
        return RegisterVersion.of(model, new ArtifactReference(sourceUri, manifestSha256), manifest, framework,
                frameworkVersion, params, metrics, description, tags, lineage);
    }
}
