package dev.modelregistry.command.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answer bodies. JSON names are explicit (snake_case) so they do not depend on the host application's
 * naming strategy.
 */
final class CommandResponses {

    /** An answer body in the given key order; null values are left out. */
    static Map<String, Object> body(Object... keysAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                body.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return body;
    }

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
