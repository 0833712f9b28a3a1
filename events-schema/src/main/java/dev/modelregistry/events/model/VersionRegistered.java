package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A new version, numbered by the model aggregate (1, 2, 3, ...). {@code lineageHash} is derived
 * from (code commit, feature graph hash, data window, params) when the version is registered and
 * stored so that consumers never recompute it.
 *
 * <p>Version 2 added {@code files}, the version's manifest, sorted by path. Since version 2
 * {@code artifact.sha256} is the digest of the manifest document (a blob of the store) and
 * {@code artifact.uri} is where the client said the files came from (may be null). Events written
 * as version 1 are read with one file at path {@code model} whose digest is {@code artifact.sha256}
 * and whose size is unknown (docs/events.md).
 */
@EventType(name = "dev.modelregistry.version.registered", version = 2)
public record VersionRegistered(String model, int version, ArtifactReference artifact,
                                List<ManifestFile> files,
                                String framework, String frameworkVersion,
                                Map<String, String> params, Map<String, Double> metrics,
                                String description, Map<String, String> tags,
                                Lineage lineage, String lineageHash) implements ModelEvent {

    public VersionRegistered {
        files = files == null ? List.of()
                : files.stream().sorted(Comparator.comparing(ManifestFile::path)).toList();
        params = Maps.sortedCopy(params);
        metrics = Maps.sortedCopy(metrics);
        tags = Maps.sortedCopy(tags);
    }
}
