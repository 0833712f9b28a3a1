package dev.modelregistry.events.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Lifecycle stage of a version; the JSON names are the ones MLflow users know. */
public enum Stage {
    @JsonProperty("None") NONE("None"),
    @JsonProperty("Staging") STAGING("Staging"),
    @JsonProperty("Production") PRODUCTION("Production"),
    @JsonProperty("Archived") ARCHIVED("Archived");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    /** The name used in JSON, URLs and filters. */
    public String label() {
        return label;
    }

    /** Parses a label case-insensitively; empty when the text names no stage. */
    public static java.util.Optional<Stage> fromLabel(String text) {
        for (Stage stage : values()) {
            if (stage.label.equalsIgnoreCase(text)) {
                return java.util.Optional.of(stage);
            }
        }
        return java.util.Optional.empty();
    }
}
