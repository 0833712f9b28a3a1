package dev.modelregistry.command.web;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Bodies of the experiment tracking endpoints (JSON, snake_case; unknown fields refused). Times and metric
 * values are {@link JsonNode}s: a time is epoch milliseconds or RFC 3339, a value a number or one of the
 * strings "NaN", "Infinity", "-Infinity".
 */
final class TrackingRequests {

    private TrackingRequests() {
    }

    record CreateExperimentRequest(String name, String namespace, String description, Map<String, String> tags) {
    }

    record UpdateExperimentRequest(String description, Map<String, String> tags) {
    }

    record EnvironmentRequest(String runtime, String runtimeVersion, List<String> packages,
                              String containerImageDigest, String host) {
    }

    record StartRunRequest(String experimentId, String name, Map<String, String> tags, JsonNode startTime,
                           String codeCommit, String framework, String frameworkVersion,
                           EnvironmentRequest environment) {
    }

    record KeyValueRequest(String key, String value) {
    }

    record MetricRequest(String key, JsonNode value, Long step, JsonNode timestamp) {
    }

    record InputRequest(String name, String sha256, String source, String context) {
    }

    record LogBatchRequest(List<KeyValueRequest> params, List<MetricRequest> metrics, List<KeyValueRequest> tags,
                           List<InputRequest> inputs) {
    }

    record LogArtifactsRequest(List<CommandRequests.FileRequest> files) {
    }

    record FinishRunRequest(String status, JsonNode endTime) {
    }
}
