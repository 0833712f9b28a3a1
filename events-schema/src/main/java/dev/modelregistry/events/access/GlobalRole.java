package dev.modelregistry.events.access;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/** A role over the whole registry: auditor reads everything including audit; admin may do anything. */
public enum GlobalRole {
    @JsonProperty("auditor") AUDITOR("auditor"),
    @JsonProperty("admin") ADMIN("admin");

    private final String label;

    GlobalRole(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<GlobalRole> fromLabel(String text) {
        for (GlobalRole role : values()) {
            if (role.label.equals(text)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
