package dev.modelregistry.query.search;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The {@code _source} of a document of the runs index, as the search projector writes it. */
@JsonIgnoreProperties(ignoreUnknown = true)
record RunDocument(
        @JsonProperty("run_id") String runId,
        @JsonProperty("experiment_id") String experimentId,
        @JsonProperty("namespace") String namespace,
        @JsonProperty("name") String name,
        @JsonProperty("status") String status,
        @JsonProperty("start_time") String startTime,
        @JsonProperty("end_time") String endTime,
        @JsonProperty("duration_ms") Long durationMs,
        @JsonProperty("framework") String framework,
        @JsonProperty("framework_version") String frameworkVersion,
        @JsonProperty("code_commit") String codeCommit,
        @JsonProperty("tags") Map<String, String> tags,
        @JsonProperty("params") Map<String, String> params,
        @JsonProperty("metrics") Map<String, Double> metrics,
        @JsonProperty("nonfinite_metrics") List<String> nonfiniteMetrics,
        @JsonProperty("latest_points") Map<String, Point> latestPoints,
        @JsonProperty("dataset_names") List<String> datasetNames,
        @JsonProperty("dataset_digests") List<String> datasetDigests,
        @JsonProperty("created_by") String createdBy) {

    /** A metric's latest point; {@code value} is text ("NaN", "Infinity", "-Infinity" or a number). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Point(@JsonProperty("value") String value) {
    }
}
