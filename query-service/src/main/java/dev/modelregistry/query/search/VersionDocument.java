package dev.modelregistry.query.search;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The {@code _source} of a document of the version index, as the search projector writes it. */
@JsonIgnoreProperties(ignoreUnknown = true)
record VersionDocument(
        @JsonProperty("id") String id,
        @JsonProperty("model") String model,
        @JsonProperty("version") Integer version,
        @JsonProperty("description") String description,
        @JsonProperty("stage") String stage,
        @JsonProperty("aliases") List<String> aliases,
        @JsonProperty("framework") String framework,
        @JsonProperty("framework_version") String frameworkVersion,
        @JsonProperty("tags") Map<String, String> tags,
        @JsonProperty("params") Map<String, String> params,
        @JsonProperty("metrics") Map<String, Double> metrics,
        @JsonProperty("artifact_uri") String artifactUri,
        @JsonProperty("artifact_sha256") String artifactSha256,
        @JsonProperty("code_commit") String codeCommit,
        @JsonProperty("feature_graph_hash") String featureGraphHash,
        @JsonProperty("run_id") String runId,
        @JsonProperty("lineage_hash") String lineageHash,
        @JsonProperty("data_from") String dataFrom,
        @JsonProperty("data_to") String dataTo,
        @JsonProperty("dataset_names") List<String> datasetNames,
        @JsonProperty("dataset_digests") List<String> datasetDigests,
        @JsonProperty("parents") List<String> parents,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("position") Long position) {
}
