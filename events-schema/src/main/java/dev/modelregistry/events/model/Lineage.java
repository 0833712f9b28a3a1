package dev.modelregistry.events.model;

import java.util.List;

/**
 * What produced a version. {@code parents} makes composite models (ensembles, meta-models) a
 * DAG rather than a flat list.
 */
public record Lineage(String codeCommit, String featureGraphHash, DataWindow dataWindow,
                      List<DatasetReference> datasets, String runId, List<VersionReference> parents) {

    public Lineage {
        datasets = datasets == null ? List.of() : List.copyOf(datasets);
        parents = parents == null ? List.of() : List.copyOf(parents);
    }
}
