package dev.modelregistry.command.tracking;

import dev.modelregistry.events.model.ManifestFile;
import dev.modelregistry.events.tracking.DatasetInput;
import dev.modelregistry.events.tracking.MetricPoint;
import dev.modelregistry.events.tracking.RunStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run as its own events recorded it, folded from its stream in the event store (no table of its own):
 * what a model version registered from the run copies. {@code latestMetrics} holds each key's latest
 * point by {@link #LATEST} (NaN and ±Infinity kept as they are); {@code inputs} are in logging order;
 * {@code artifacts} are sorted by path, the last logging of a path winning.
 *
 * @param status RUNNING until the run finished, then FINISHED, FAILED or KILLED
 * @param deleted whether the run was deleted (its events stay)
 */
public record RunSummary(String runId, String namespace, RunStatus status, boolean deleted, String codeCommit,
                         String framework, String frameworkVersion, Map<String, String> params,
                         Map<String, MetricPoint> latestMetrics, List<DatasetInput> inputs,
                         List<ManifestFile> artifacts) {

    /**
     * MLflow's latest value of a metric: the highest step, then the latest timestamp, then the highest
     * value ({@link Double#compare}, so NaN above every number); the read models' rule too.
     */
    public static final Comparator<MetricPoint> LATEST = Comparator.comparingLong(MetricPoint::step)
            .thenComparing(MetricPoint::timestamp)
            .thenComparing(MetricPoint::value, Double::compare);

    public RunSummary {
        params = Map.copyOf(params);
        latestMetrics = Map.copyOf(latestMetrics);
        inputs = List.copyOf(inputs);
        artifacts = List.copyOf(artifacts);
    }

    /** Each metric key's latest value, by key. */
    public Map<String, Double> latestMetricValues() {
        Map<String, Double> values = new TreeMap<>();
        latestMetrics.forEach((key, point) -> values.put(key, point.value()));
        return values;
    }

    /** Whether the run ended (FINISHED, FAILED or KILLED): its data can no longer change. */
    public boolean finished() {
        return status != RunStatus.RUNNING;
    }
}
