package dev.modelregistry.command.tracking;

import dev.modelregistry.command.eventstore.CommandSideProjections;
import dev.modelregistry.command.eventstore.EventPositions;
import dev.modelregistry.command.eventstore.EventStoreConfiguration.EventClock;
import dev.modelregistry.command.model.VersionManifests;
import dev.modelregistry.command.tracking.aggregate.TrackingAggregateConfiguration;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Import;

/**
 * Experiment tracking on the command side: the {@code Experiment} and {@code Run} aggregates, the tracking
 * tables (migration V5) with the subscribing processor {@code tracking-state}, and the {@link Tracking}
 * service, which also folds a run's events into a {@link RunSummary} for a version registered from it. Ids
 * come from a {@link TrackingIds} bean when the host defines one (tests), else random.
 */
@Configuration(proxyBeanMethods = false)
@Import(TrackingAggregateConfiguration.class)
public class TrackingConfiguration {

    @Bean
    @DependsOn("commandEventStoreMigration")
    TrackingTables commandTrackingTables(DataSource dataSource,
                                         @Value("${registry.event-store.schema:event_store}") String schema) {
        return new TrackingTables(dataSource, schema);
    }

    @Bean
    TrackingStateProjection commandTrackingStateProjection(TrackingTables commandTrackingTables) {
        return new TrackingStateProjection(commandTrackingTables);
    }

    /** A run with thousands of batches loads from a snapshot (its params and status) plus fewer than the threshold. */
    @Bean(TrackingAggregateConfiguration.RUN_SNAPSHOT_TRIGGER)
    SnapshotTriggerDefinition trackingRunSnapshotTrigger(
            Snapshotter snapshotter, @Value("${registry.command.snapshot-threshold:250}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    @Bean
    Tracking commandTracking(TrackingTables commandTrackingTables, EventStore eventStore, VersionManifests manifests,
                             CommandGateway commandGateway, EventPositions positions, EventClock clock,
                             ObjectProvider<TrackingIds> ids,
                             @Value("${registry.command.concurrency-retries:5}") int retries) {
        return new Tracking(commandTrackingTables, new RunSummaries(eventStore), manifests, commandGateway, positions,
                ids.getIfUnique(TrackingIds::random), clock.clock(), retries);
    }
}
