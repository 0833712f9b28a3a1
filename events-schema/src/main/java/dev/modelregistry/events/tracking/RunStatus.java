package dev.modelregistry.events.tracking;

import com.fasterxml.jackson.annotation.JsonProperty;

/** MLflow's run statuses. */
public enum RunStatus {
    @JsonProperty("RUNNING") RUNNING,
    @JsonProperty("FINISHED") FINISHED,
    @JsonProperty("FAILED") FAILED,
    @JsonProperty("KILLED") KILLED
}
