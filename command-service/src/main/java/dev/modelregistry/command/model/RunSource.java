package dev.modelregistry.command.model;

import dev.modelregistry.events.model.DatasetReference;
import dev.modelregistry.events.model.ManifestFile;
import java.util.List;
import java.util.Map;

/**
 * What a version registered from a finished run takes from it, in the model feature's terms (the web layer
 * builds it from the tracking feature's run summary, so the model feature does not depend on tracking):
 * params, each metric's latest value (NaN and ±Infinity as they are), the datasets the run consumed (in
 * logging order), the code commit, framework and framework version, and the run's artifacts (sorted by path).
 */
public record RunSource(String runId, Map<String, String> params, Map<String, Double> metrics,
                        List<DatasetReference> datasets, String codeCommit, String framework,
                        String frameworkVersion, List<ManifestFile> files) {

    public RunSource {
        params = Map.copyOf(params);
        metrics = Map.copyOf(metrics);
        datasets = List.copyOf(datasets);
        files = List.copyOf(files);
    }
}
