package dev.modelregistry.command.model;

import dev.modelregistry.events.model.ArtifactReference;
import dev.modelregistry.events.model.Lineage;
import dev.modelregistry.events.model.ManifestFile;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Registers the next version of a model; the aggregate allocates the number. {@code files} is the
 * version's manifest and {@code artifact} carries the manifest's digest and the source URI the client
 * gave: both come from {@link VersionManifests}, which checked every file against the artifact store
 * before the command was sent (the aggregate does no I/O). {@code lineageHash} is computed by the
 * sender with {@link LineageHash} (a pure function), so the aggregate stays free of hashing and of
 * anything that is not its own state.
 */
public record RegisterVersion(@TargetAggregateIdentifier String model, ArtifactReference artifact,
                              List<ManifestFile> files,
                              String framework, String frameworkVersion,
                              Map<String, String> params, Map<String, Double> metrics,
                              String description, Map<String, String> tags,
                              Lineage lineage, String lineageHash) implements ModelCommand {

    public RegisterVersion {
        files = files == null ? List.of()
                : files.stream().sorted(Comparator.comparing(ManifestFile::path)).toList();
        params = params == null ? Map.of() : Map.copyOf(params);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** Convenience: derives the lineage hash from the lineage and the params. */
    public static RegisterVersion of(String model, ArtifactReference artifact, List<ManifestFile> files,
                                     String framework, String frameworkVersion, Map<String, String> params,
                                     Map<String, Double> metrics, String description, Map<String, String> tags,
                                     Lineage lineage) {
        return new RegisterVersion(model, artifact, files, framework, frameworkVersion, params, metrics, description,
                tags, lineage, LineageHash.of(lineage, params));
    }
}
