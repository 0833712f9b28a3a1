package dev.modelregistry.projection.search;

import dev.modelregistry.events.tracking.DatasetInput;
import dev.modelregistry.events.tracking.MetricPoint;
import dev.modelregistry.events.tracking.Param;
import dev.modelregistry.events.tracking.RunDataLogged;
import dev.modelregistry.events.tracking.RunFinished;
import dev.modelregistry.events.tracking.RunStarted;
import dev.modelregistry.events.tracking.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One document of the runs index (docs/architecture.md, "Elasticsearch index of runs"), written as
 * JSON in snake_case. Immutable: every change gives a new document.
 *
 * <p>{@code metrics} holds the latest value of each metric (highest step, then latest timestamp) when
 * it is finite; an Elasticsearch double cannot hold NaN or ±Infinity, so the keys whose latest value
 * is not finite are listed in {@code nonfinite_metrics} instead. {@code latest_points} (not indexed)
 * keeps each key's latest step, timestamp and value (as text: "NaN", "Infinity", "-Infinity" or the
 * number) so a later point is compared with the right one and non-finite values can be shown.
 */
record RunDocument(String runId, String experimentId, String namespace, String name, String status,
                   Instant startTime, Instant endTime, Long durationMs, String framework, String frameworkVersion,
                   String codeCommit, Map<String, String> tags, Map<String, String> params,
                   Map<String, Double> metrics, List<String> nonfiniteMetrics, Map<String, Point> latestPoints,
                   List<String> datasetNames, List<String> datasetDigests, String createdBy, long position)
        implements IndexedDocument {

    /** The latest point of a metric: value as text, so that NaN and ±Infinity survive JSON. */
    record Point(long step, Instant timestamp, String value) {
    }

    RunDocument {
        tags = tags == null ? Map.of() : new TreeMap<>(tags);
        params = params == null ? Map.of() : new TreeMap<>(params);
        metrics = metrics == null ? Map.of() : new TreeMap<>(metrics);
        nonfiniteMetrics = nonfiniteMetrics == null ? List.of() : List.copyOf(nonfiniteMetrics);
        latestPoints = latestPoints == null ? Map.of() : new TreeMap<>(latestPoints);
        datasetNames = datasetNames == null ? List.of() : List.copyOf(datasetNames);
        datasetDigests = datasetDigests == null ? List.of() : List.copyOf(datasetDigests);
    }

    /**
     * About how many bytes the document's JSON takes (to size bulk requests): a fixed part and a few
     * dozen bytes per key and value.
     */
    long estimatedBytes() {
        long bytes = 600;
        for (Map<String, String> pairs : List.of(tags, params)) {
            for (Map.Entry<String, String> pair : pairs.entrySet()) {
                bytes += 8 + pair.getKey().length() + pair.getValue().length();
            }
        }
        for (String key : latestPoints.keySet()) {
            bytes += 120 + 3L * key.length();
        }
        for (String dataset : datasetNames) {
            bytes += 4 + dataset.length();
        }
        return bytes + 68L * datasetDigests.size();
    }

    static RunDocument started(RunStarted e, Instant occurredAt, String actor, long position) {
        Map<String, String> tags = new TreeMap<>();
        for (Tag tag : e.tags()) {
            tags.put(tag.key(), tag.value());
        }
        return new RunDocument(e.runId(), e.experimentId(), e.namespace(), e.name(), "RUNNING",
                e.startTime() != null ? e.startTime() : occurredAt, null, null, e.framework(), e.frameworkVersion(),
                e.codeCommit(), tags, Map.of(), Map.of(), List.of(), Map.of(), List.of(), List.of(), actor, position);
    }

    RunDocument logged(RunDataLogged e, long position) {
        Map<String, String> newTags = new TreeMap<>(tags);
        for (Tag tag : e.tags()) {
            newTags.put(tag.key(), tag.value());
        }
        Map<String, String> newParams = new TreeMap<>(params);
        for (Param param : e.params()) {
            newParams.putIfAbsent(param.key(), param.value()); // params are immutable
        }
        Map<String, Point> points = new TreeMap<>(latestPoints);
        // the winner of each key first, its value printed once (not once per point of a 1,000-point batch)
        Map<String, MetricPoint> won = new HashMap<>();
        for (MetricPoint point : e.metrics()) {
            MetricPoint winner = won.get(point.key());
            Point current = winner != null ? null : points.get(point.key());
            if (winner == null && current == null) {
                won.put(point.key(), point);
                continue;
            }
            long step = winner != null ? winner.step() : current.step();
            Instant timestamp = winner != null ? winner.timestamp() : current.timestamp();
            if (point.step() > step || (point.step() == step && !point.timestamp().isBefore(timestamp))) {
                won.put(point.key(), point);
            }
        }
        won.forEach((key, point) -> points.put(key, new Point(point.step(), point.timestamp(),
                Double.toString(point.value()))));
        Map<String, Double> finite = new TreeMap<>();
        TreeSet<String> nonfinite = new TreeSet<>();
        points.forEach((key, point) -> {
            double value = Double.parseDouble(point.value());
            if (Double.isFinite(value)) {
                finite.put(key, value);
            } else {
                nonfinite.add(key);
            }
        });
        List<String> names = new ArrayList<>(datasetNames);
        List<String> digests = new ArrayList<>(datasetDigests);
        for (DatasetInput input : e.inputs()) {
            if (input.name() != null && !names.contains(input.name())) {
                names.add(input.name());
            }
            if (input.sha256() != null && !digests.contains(input.sha256())) {
                digests.add(input.sha256());
            }
        }
        return new RunDocument(runId, experimentId, namespace, name, status, startTime, endTime, durationMs, framework,
                frameworkVersion, codeCommit, newTags, newParams, finite, List.copyOf(nonfinite), points, names,
                digests, createdBy, position);
    }

    RunDocument finished(RunFinished e, Instant occurredAt, long position) {
        Instant end = e.endTime() != null ? e.endTime() : occurredAt;
        Long duration = startTime == null ? null : Math.max(0, end.toEpochMilli() - startTime.toEpochMilli());
        return new RunDocument(runId, experimentId, namespace, name, e.status().name(), startTime, end, duration,
                framework, frameworkVersion, codeCommit, tags, params, metrics, nonfiniteMetrics, latestPoints,
                datasetNames, datasetDigests, createdBy, position);
    }
}
