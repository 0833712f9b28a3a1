package dev.modelregistry.command.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
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

    record VersionResponse(@JsonProperty("model") String model,
                           @JsonProperty("version") int version,
                           @JsonProperty("id") String id,
                           @JsonProperty("stage") String stage,
                           @JsonProperty("lineage_hash") String lineageHash) {
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
