package dev.modelregistry.command.web;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Request bodies as they arrive (JSON, snake_case). Free-form maps keep their values as JSON nodes so
 * that each value's type can be checked and reported with its key. Unknown fields are refused. Every
 * body may carry {@code reason}, which goes into the events' meta data.
 */
final class CommandRequests {

    private CommandRequests() {
    }

    record RegisterModelRequest(String name, String description, String ownerTeam, Map<String, JsonNode> tags,
                                String reason) {
    }

    record UpdateModelRequest(String description, Map<String, JsonNode> tags, String reason) {
    }

    /**
     * A version's bytes are {@code files} (a manifest), or {@code artifact.sha256} alone (one file), or the
     * artifacts of a run ({@code artifact.uri} {@code runs:/<run_id>[/<path>]} alone). {@code runId}: the
     * registry run the version is registered from (MLflow's {@code create_model_version(name, source, run_id)}).
     */
    record RegisterVersionRequest(ArtifactRequest artifact, List<FileRequest> files, String framework,
                                  String frameworkVersion, Map<String, JsonNode> params,
                                  Map<String, JsonNode> metrics, String description, Map<String, JsonNode> tags,
                                  LineageRequest lineage, String runId, String reason) {
    }

    /** {@code uri}: where the files came from (optional); {@code sha256}: the one file, without {@code files}. */
    record ArtifactRequest(String uri, String sha256) {
    }

    /** One manifest entry; {@code size} is optional and, when given, must be the size the store holds. */
    record FileRequest(String path, String sha256, Long size) {
    }

    record LineageRequest(String codeCommit, String featureGraphHash, List<String> dataWindow,
                          List<DatasetRequest> datasets, String runId, List<String> parents) {
    }

    record DatasetRequest(String name, String sha256) {
    }

    record TransitionRequest(String stage, Boolean archiveExisting, String reason) {
    }

    record AssignAliasRequest(Integer version, String reason) {
    }

    /** Deletions, alias removal and restore: only an optional reason. */
    record ReasonRequest(String reason) {
    }
}
