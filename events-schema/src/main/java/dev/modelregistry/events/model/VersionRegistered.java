package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;
import java.util.Map;

/**
 * A new version, numbered by the model aggregate (1, 2, 3, ...). {@code lineageHash} is derived
 * from (code commit, feature graph hash, data window, params) when the version is registered and
 * stored so that consumers never recompute it.
 */
@EventType(name = "dev.modelregistry.version.registered", version = 1)
public record VersionRegistered(String model, int version, ArtifactReference artifact,
                                String framework, String frameworkVersion,
                                Map<String, String> params, Map<String, Double> metrics,
                                String description, Map<String, String> tags,
                                Lineage lineage, String lineageHash) implements ModelEvent {

    public VersionRegistered {
        params = Maps.sortedCopy(params);
        metrics = Maps.sortedCopy(metrics);
        tags = Maps.sortedCopy(tags);
    }
}
