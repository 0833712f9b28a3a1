package dev.modelregistry.command.model;

import dev.modelregistry.command.artifact.ArtifactCatalog;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Registers the {@code RegisteredModel} aggregate (a package-private prototype bean that Axon's Spring
 * support turns into a repository and command handlers), its cache and its snapshot trigger, and
 * {@link VersionManifests}, which checks a new version's files against the artifact store.
 */
@Configuration(proxyBeanMethods = false)
@Import(RegisteredModel.class)
public class ModelConfiguration {

    public static final String CACHE = "registeredModelCache";
    public static final String SNAPSHOT_TRIGGER = "registeredModelSnapshotTrigger";

    /**
     * The {@code registry.command.aggregate-cache-size} (default 2,000) most recently used models stay
     * loaded; Axon evicts a model whose unit of work rolled back.
     */
    @Bean(CACHE)
    Cache registeredModelCache(@Value("${registry.command.aggregate-cache-size:2000}") long maximumSize) {
        return new BoundedAggregateCache(maximumSize);
    }

    /**
     * A snapshot every {@code registry.command.snapshot-threshold} events (default 250), so a model with
     * 10,000 versions loads from one snapshot plus at most 249 events.
     */
    @Bean(SNAPSHOT_TRIGGER)
    SnapshotTriggerDefinition registeredModelSnapshotTrigger(
            Snapshotter snapshotter, @Value("${registry.command.snapshot-threshold:250}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    @Bean
    VersionManifests registeredModelVersionManifests(ArtifactCatalog catalog) {
        return new VersionManifests(catalog);
    }
}
