package dev.modelregistry.command.model;

import dev.modelregistry.command.model.RegistryError.RunArtifactsNotFound;
import dev.modelregistry.command.model.RegistryError.RunMismatch;
import dev.modelregistry.events.model.ArtifactReference;
import dev.modelregistry.events.model.DatasetReference;
import dev.modelregistry.events.model.Lineage;
import dev.modelregistry.events.model.ManifestFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A new version as the client declared it, already checked for form (names, digests, paths) but not
 * yet against the artifact store: {@link VersionManifests} turns it into a {@link RegisterVersion}.
 * A version registered from a run ({@link #run}) is first merged with the run's data by
 * {@link #fromRun(RunSource)}.
 *
 * @param sourceUri where the client says the files came from (may be null); recorded as is
 * @param files     the declared manifest, in request order (empty when the files come from the run)
 * @param run       the run the version is registered from, or null
 */
public record VersionDraft(String model, String sourceUri, List<DeclaredFile> files,
                           String framework, String frameworkVersion,
                           Map<String, String> params, Map<String, Double> metrics,
                           String description, Map<String, String> tags, Lineage lineage, RunLink run) {

    /** The request field named by the files taken from a run's artifacts when the store cannot back one. */
    static final String RUN_FILES_FIELD = "artifact.uri";

    /**
     * One file as declared: relative path, digest, and the size if the client gave one. {@code field}
     * is the request's JSON path of the entry ({@code files[2]}, or {@code artifact} for the one-file
     * form), so that a refusal names the field at fault.
     */
    public record DeclaredFile(String path, String sha256, Long size, String field) {
    }

    /**
     * How the request names a run of the registry: the top-level {@code run_id}, and the run id and path
     * of an {@code artifact.uri} {@code runs:/<run_id>[/<path>]} (MLflow's form).
     *
     * @param runId        the top-level {@code run_id}, or null
     * @param uriRunId     the run id of a {@code runs:/} URI, or null
     * @param artifactPath the path of a {@code runs:/} URI given without any files ({@code ""}: all the
     *                     run's artifacts), whose artifacts become the version's files; null otherwise
     */
    public record RunLink(String runId, String uriRunId, String artifactPath) {
    }

    public VersionDraft {
        files = files == null ? List.of() : List.copyOf(files);
        params = params == null ? Map.of() : params;
        metrics = metrics == null ? Map.of() : metrics;
    }

    /** A version not registered from a run. */
    public VersionDraft(String model, String sourceUri, List<DeclaredFile> files, String framework,
                        String frameworkVersion, Map<String, String> params, Map<String, Double> metrics,
                        String description, Map<String, String> tags, Lineage lineage) {
        this(model, sourceUri, files, framework, frameworkVersion, params, metrics, description, tags, lineage, null);
    }

    /**
     * The id of the registry run this version is registered from (the top-level {@code run_id}, else the
     * run of a {@code runs:/} URI), or null.
     *
     * @throws RunMismatch when {@code artifact.uri} or {@code lineage.run_id} names another run
     */
    public String sourceRunId() {
        if (run == null) {
            return null;
        }
        if (run.runId() != null && run.uriRunId() != null && !run.runId().equals(run.uriRunId())) {
            throw new RunMismatch("artifact.uri", "artifact.uri names run '" + run.uriRunId() + "', but run_id is '"
                    + run.runId() + "'.");
        }
        String runId = run.runId() != null ? run.runId() : run.uriRunId();
        if (runId != null && lineage != null && lineage.runId() != null && !lineage.runId().equals(runId)) {
            throw new RunMismatch("lineage.run_id", "lineage.run_id is '" + lineage.runId() + "', but the version is "
                    + "registered from run '" + runId + "'; leave lineage.run_id out or give the same id.");
        }
        return runId;
    }

    /**
     * This draft merged with the run it is registered from: all the run's params and each metric's latest
     * value, with the request's extra keys added; the run's datasets (by digest, the first name of a digest
     * kept) and then the request's extra ones; the run's code commit; the run's framework and version where
     * the request gives none; {@code lineage.run_id} the run's id; and, for a {@code runs:/} URI without
     * files, the run's artifacts under the URI's path, re-rooted at it (all of them for no path).
     *
     * @throws RunMismatch a param, metric or code commit that contradicts the run's, naming the field
     * @throws RunArtifactsNotFound when the URI's path selects no artifact of the run
     */
    public VersionDraft fromRun(RunSource source) {
        Map<String, String> mergedParams = new LinkedHashMap<>(source.params());
        params.forEach((key, value) -> {
            String logged = source.params().get(key);
            if (logged != null && !logged.equals(value)) {
                throw new RunMismatch("params." + key, "Param '" + key + "' is '" + abbreviate(logged) + "' in run '"
                        + source.runId() + "', not '" + abbreviate(value) + "'; leave it out or give the run's value.");
            }
            mergedParams.put(key, value);
        });
        Map<String, Double> mergedMetrics = new LinkedHashMap<>(source.metrics());
        metrics.forEach((key, value) -> {
            Double logged = source.metrics().get(key);
            if (logged != null && Double.compare(logged, value) != 0) {
                throw new RunMismatch("metrics." + key, "Metric '" + key + "' is " + logged + " in run '"
                        + source.runId() + "' (its latest value), not " + value + "; leave it out or give the run's "
                        + "value.");
            }
            mergedMetrics.put(key, value);
        });

        String codeCommit = lineage == null ? null : lineage.codeCommit();
        if (codeCommit != null && source.codeCommit() != null && !codeCommit.equals(source.codeCommit())) {
            throw new RunMismatch("lineage.code_commit", "Run '" + source.runId() + "' was started at code commit '"
                    + source.codeCommit() + "', not '" + codeCommit + "'.");
        }
        List<DatasetReference> datasets = new ArrayList<>();
        Set<String> digests = new LinkedHashSet<>();
        for (DatasetReference dataset : source.datasets()) {
            if (digests.add(dataset.sha256())) {
                datasets.add(dataset);
            }
        }
        if (lineage != null) {
            for (DatasetReference dataset : lineage.datasets()) {
                if (digests.add(dataset.sha256())) {
                    datasets.add(dataset);
                }
            }
        }
        Lineage merged = new Lineage(codeCommit != null ? codeCommit : source.codeCommit(),
                lineage == null ? null : lineage.featureGraphHash(), lineage == null ? null : lineage.dataWindow(),
                datasets, source.runId(), lineage == null ? List.of() : lineage.parents());

        List<DeclaredFile> mergedFiles = run != null && run.artifactPath() != null && files.isEmpty()
                ? runFiles(source, run.artifactPath()) : files;
        return new VersionDraft(model, sourceUri, mergedFiles,
                framework != null ? framework : source.framework(),
                frameworkVersion != null ? frameworkVersion : source.frameworkVersion(),
                mergedParams, mergedMetrics, description, tags, merged, run);
    }

    /**
     * The run's artifacts under {@code path}, re-rooted at it ({@code model/weights.bin} under {@code model}
     * is {@code weights.bin}); a file at {@code path} itself is not under it.
     */
    private static List<DeclaredFile> runFiles(RunSource source, String path) {
        List<DeclaredFile> selected = new ArrayList<>();
        String prefix = path.isEmpty() ? "" : path + "/";
        for (ManifestFile file : source.files()) {
            if (file.path().startsWith(prefix)) {
                selected.add(new DeclaredFile(file.path().substring(prefix.length()), file.sha256(), file.size(),
                        RUN_FILES_FIELD));
            }
        }
        if (selected.isEmpty()) {
            throw new RunArtifactsNotFound(source.runId(), path);
        }
        return selected;
    }

    private static String abbreviate(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "..." : value;
    }

    /** The command for this draft once the store has backed every file and holds the manifest. */
    RegisterVersion toCommand(String manifestSha256, List<ManifestFile> manifest) {
        return RegisterVersion.of(model, new ArtifactReference(sourceUri, manifestSha256), manifest, framework,
                frameworkVersion, params, metrics, description, tags, lineage);
    }
}
