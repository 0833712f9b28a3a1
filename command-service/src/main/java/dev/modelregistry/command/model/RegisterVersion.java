package dev.modelregistry.command.model;

import dev.modelregistry.events.model.ArtifactReference;
import dev.modelregistry.events.model.Lineage;
import java.util.Map;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Registers the next version of a model; the aggregate allocates the number. {@code lineageHash} is
 * computed by the sender with {@link LineageHash} (a pure function), so the aggregate stays free of
 * hashing and of anything that is not its own state.
 */
public record RegisterVersion(@TargetAggregateIdentifier String model, ArtifactReference artifact,
                              String framework, String frameworkVersion,
                              Map<String, String> params, Map<String, Double> metrics,
                              String description, Map<String, String> tags,
                              Lineage lineage, String lineageHash) implements ModelCommand {

    public RegisterVersion {
        params = params == null ? Map.of() : Map.copyOf(params);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** Convenience: derives the lineage hash from the lineage and the params. */
    public static RegisterVersion of(String model, ArtifactReference artifact, String framework,
                                     String frameworkVersion, Map<String, String> params,
                                     Map<String, Double> metrics, String description, Map<String, String> tags,
                                     Lineage lineage) {
        return new RegisterVersion(model, artifact, framework, frameworkVersion, params, metrics, description,
                tags, lineage, LineageHash.of(lineage, params));
    }
}
