package dev.modelregistry.command.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Answer bodies. JSON names are explicit (snake_case) so they do not depend on the host application's
 * naming strategy.
 */
final class CommandResponses {

    private CommandResponses() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ModelResponse(@JsonProperty("name") String name,
                         @JsonProperty("description") String description,
                         @JsonProperty("owner_team") String ownerTeam,
                         @JsonProperty("tags") Map<String, String> tags) {
    }

    /** {@code artifact.sha256} is the manifest's digest; {@code files} the manifest, sorted by path. */
    record VersionResponse(@JsonProperty("model") String model,
                           @JsonProperty("version") int version,
                           @JsonProperty("id") String id,
                           @JsonProperty("stage") String stage,
                           @JsonProperty("lineage_hash") String lineageHash,
                           @JsonProperty("artifact") ArtifactResponse artifact,
                           @JsonProperty("files") List<FileResponse> files) {
    }

    /** {@code uri} is null when the client named no source. */
    record ArtifactResponse(@JsonProperty("uri") String uri,
                            @JsonProperty("sha256") String sha256) {
    }

    record FileResponse(@JsonProperty("path") String path,
                        @JsonProperty("sha256") String sha256,
                        @JsonProperty("size") Long size) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StageResponse(@JsonProperty("model") String model,
                         @JsonProperty("version") int version,
                         @JsonProperty("id") String id,
                         @JsonProperty("stage") String stage,
                         @JsonProperty("previous_stage") String previousStage,
                         @JsonProperty("archived_version") Integer archivedVersion) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AliasResponse(@JsonProperty("model") String model,
                         @JsonProperty("alias") String alias,
                         @JsonProperty("version") int version,
                         @JsonProperty("previous_version") Integer previousVersion) {
    }
}
