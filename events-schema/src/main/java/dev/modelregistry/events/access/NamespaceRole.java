package dev.modelregistry.events.access;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/**
 * A role held in one namespace. Each role also grants what the roles before it grant, except that
 * reviewer and deployer are independent of each other (a deployer need not be able to approve):
 * viewer reads; contributor also registers models and versions, logs runs and uploads artifacts;
 * reviewer also moves versions to Staging and approves; deployer also moves versions to Production and
 * rolls back; admin does all of that and manages the namespace's roles, team and policies.
 */
public enum NamespaceRole {
    @JsonProperty("viewer") VIEWER("viewer"),
    @JsonProperty("contributor") CONTRIBUTOR("contributor"),
    @JsonProperty("reviewer") REVIEWER("reviewer"),
    @JsonProperty("deployer") DEPLOYER("deployer"),
    @JsonProperty("admin") ADMIN("admin");

    private final String label;

    NamespaceRole(String label) {
        this.label = label;
    }

    /** The name used in JSON and URLs. */
    public String label() {
        return label;
    }

    public static Optional<NamespaceRole> fromLabel(String text) {
        for (NamespaceRole role : values()) {
            if (role.label.equals(text)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
