package dev.modelregistry.projection.search;

import dev.modelregistry.events.model.DatasetReference;
import dev.modelregistry.events.model.Lineage;
import dev.modelregistry.events.model.ManifestFile;
import dev.modelregistry.events.model.Stage;
import dev.modelregistry.events.model.VersionReference;
import dev.modelregistry.events.model.VersionRegistered;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One document of the versions index (docs/architecture.md, "Elasticsearch index of versions"),
 * written as JSON in snake_case. Immutable: every change gives a new document.
 */
record VersionDocument(String id, String model, int version, String description, String stage, List<String> aliases,
                       String framework, String frameworkVersion, Map<String, String> tags,
                       Map<String, String> params, Map<String, Double> metrics, String artifactUri,
                       String artifactSha256, String codeCommit, String featureGraphHash, String runId,
                       String lineageHash, Instant dataFrom, Instant dataTo, List<String> datasetNames,
                       List<String> datasetDigests, List<String> parents, List<String> filePaths,
                       List<String> fileDigests, Instant createdAt, String createdBy, long position)
        implements IndexedDocument {

    VersionDocument {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        tags = tags == null ? Map.of() : new TreeMap<>(tags);
        params = params == null ? Map.of() : new TreeMap<>(params);
        metrics = metrics == null ? Map.of() : new TreeMap<>(metrics);
        datasetNames = datasetNames == null ? List.of() : List.copyOf(datasetNames);
        datasetDigests = datasetDigests == null ? List.of() : List.copyOf(datasetDigests);
        parents = parents == null ? List.of() : List.copyOf(parents);
        filePaths = filePaths == null ? List.of() : List.copyOf(filePaths);
        fileDigests = fileDigests == null ? List.of() : List.copyOf(fileDigests);
    }

    static String id(String model, int version) {
        return model + "@" + version;
    }

    /** The document of a newly registered version: stage None, no aliases. */
    static VersionDocument registered(VersionRegistered e, Instant at, String actor, long position) {
        Lineage lineage = e.lineage();
        Map<String, Double> metrics = new TreeMap<>();
        // JSON has no NaN or infinity, and a double field would refuse them
        e.metrics().forEach((name, value) -> {
            if (value != null && Double.isFinite(value)) {
                metrics.put(name, value);
            }
        });
        List<String> datasetNames = new ArrayList<>();
        List<String> datasetDigests = new ArrayList<>();
        List<String> parents = new ArrayList<>();
        if (lineage != null) {
            for (DatasetReference dataset : lineage.datasets()) {
                datasetNames.add(dataset.name());
                datasetDigests.add(dataset.sha256());
            }
            for (VersionReference parent : lineage.parents()) {
                parents.add(parent.toString());
            }
        }
        // parallel arrays in manifest (path) order; a digest shared by several files appears as often
        List<String> filePaths = e.files().stream().map(ManifestFile::path).toList();
        List<String> fileDigests = e.files().stream().map(ManifestFile::sha256).toList();
        return new VersionDocument(id(e.model(), e.version()), e.model(), e.version(), e.description(),
                Stage.NONE.label(), List.of(), e.framework(), e.frameworkVersion(), e.tags(), e.params(), metrics,
                e.artifact() == null ? null : e.artifact().uri(),
                e.artifact() == null ? null : e.artifact().sha256(),
                lineage == null ? null : lineage.codeCommit(),
                lineage == null ? null : lineage.featureGraphHash(),
                lineage == null ? null : lineage.runId(),
                e.lineageHash(),
                lineage == null || lineage.dataWindow() == null ? null : lineage.dataWindow().from(),
                lineage == null || lineage.dataWindow() == null ? null : lineage.dataWindow().to(),
                datasetNames, datasetDigests, parents, filePaths, fileDigests, at, actor, position);
    }

    VersionDocument withStage(String newStage, long newPosition) {
        return new VersionDocument(id, model, version, description, newStage, aliases, framework, frameworkVersion,
                tags, params, metrics, artifactUri, artifactSha256, codeCommit, featureGraphHash, runId, lineageHash,
                dataFrom, dataTo, datasetNames, datasetDigests, parents, filePaths, fileDigests, createdAt, createdBy,
                newPosition);
    }

    VersionDocument withAlias(String alias, long newPosition) {
        List<String> newAliases = new ArrayList<>(aliases);
        if (!newAliases.contains(alias)) {
            newAliases.add(alias);
            newAliases.sort(null);
        }
        return withAliases(newAliases, newPosition);
    }

    VersionDocument withoutAlias(String alias, long newPosition) {
        List<String> newAliases = new ArrayList<>(aliases);
        newAliases.remove(alias);
        return withAliases(newAliases, newPosition);
    }

    private VersionDocument withAliases(List<String> newAliases, long newPosition) {
        return new VersionDocument(id, model, version, description, stage, newAliases, framework, frameworkVersion,
                tags, params, metrics, artifactUri, artifactSha256, codeCommit, featureGraphHash, runId, lineageHash,
                dataFrom, dataTo, datasetNames, datasetDigests, parents, filePaths, fileDigests, createdAt, createdBy,
                newPosition);
    }
}
