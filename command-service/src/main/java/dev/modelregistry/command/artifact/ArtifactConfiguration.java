package dev.modelregistry.command.artifact;

import dev.modelregistry.artifact.ArtifactStoreConfiguration;
import dev.modelregistry.artifact.ArtifactStoreProperties;
import dev.modelregistry.artifact.BlobStore;
import dev.modelregistry.artifact.CorruptionReports;
import dev.modelregistry.command.artifact.aggregate.ArtifactAggregateConfiguration;
import dev.modelregistry.command.eventstore.CommandSideProjections;
import dev.modelregistry.command.eventstore.EventPositions;
import dev.modelregistry.command.eventstore.EventStoreConfiguration.EventClock;
import dev.modelregistry.command.schedule.PeriodicTask;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Import;

/**
 * The command side of the artifact store: the {@code Artifact} aggregate, the blob store (from the
 * artifact-store module), the catalog tables and the subscribing processor that maintains them, uploads,
 * the {@link ArtifactCatalog} the model feature uses, the {@link CorruptionReports} readers call, and the
 * scheduled collector. Needs a {@link CommandMetaData} bean (the composition root provides it).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ArtifactSettings.class)
@Import({ArtifactStoreConfiguration.class, ArtifactAggregateConfiguration.class})
public class ArtifactConfiguration {

    /** The catalog tables come with the event store's migrations (V2), so they exist before any of this runs. */
    @Bean
    @DependsOn("commandEventStoreMigration")
    CatalogTables commandArtifactCatalogTables(DataSource dataSource,
                                               @Value("${registry.event-store.schema:event_store}") String schema) {
        return new CatalogTables(dataSource, schema);
    }

    @Bean
    CatalogProjection commandArtifactCatalogProjection(CatalogTables commandArtifactCatalogTables) {
        return new CatalogProjection(commandArtifactCatalogTables);
    }

    @Bean
    ArtifactCommands commandArtifactCommands(CommandGateway commandGateway, EventPositions positions,
                                             CommandMetaData metaData) {
        return new ArtifactCommands(commandGateway, positions, metaData);
    }

    @Bean
    BlobRecorder commandArtifactBlobRecorder(BlobStore blobStore, CatalogTables commandArtifactCatalogTables,
                                             ArtifactCommands commandArtifactCommands,
                                             TransactionManager transactionManager, EventPositions positions,
                                             EventClock clock) {
        return new BlobRecorder(blobStore, commandArtifactCatalogTables, commandArtifactCommands, transactionManager,
                positions, clock.clock());
    }

    @Bean
    ArtifactCatalog commandArtifactCatalog(CatalogTables commandArtifactCatalogTables, BlobStore blobStore,
                                           BlobRecorder commandArtifactBlobRecorder, ArtifactStoreProperties store) {
        return new StoreArtifactCatalog(commandArtifactCatalogTables, blobStore, commandArtifactBlobRecorder,
                store.maxUploadSize().toBytes());
    }

    @Bean
    ArtifactUploads commandArtifactUploads(BlobStore blobStore, CatalogTables commandArtifactCatalogTables,
                                           BlobRecorder commandArtifactBlobRecorder, EventClock clock,
                                           ArtifactStoreProperties store, ArtifactSettings settings) {
        return new ArtifactUploads(blobStore, commandArtifactCatalogTables, commandArtifactBlobRecorder, clock.clock(),
                store.maxUploadSize().toBytes(), store.maxPartSize().toBytes(), settings.uploads().sessionExpiry());
    }

    @Bean
    ArtifactMaintenance commandArtifactMaintenance(BlobStore blobStore, CatalogTables commandArtifactCatalogTables,
                                                   ArtifactCommands commandArtifactCommands,
                                                   TransactionManager transactionManager, EventClock clock,
                                                   ArtifactSettings settings) {
        return new ArtifactMaintenance(blobStore, commandArtifactCatalogTables, commandArtifactCommands,
                transactionManager, clock.clock(), settings);
    }

    @Bean
    CorruptionReports commandArtifactCorruptionReports(ArtifactMaintenance commandArtifactMaintenance) {
        return new CommandCorruptionReports(commandArtifactMaintenance);
    }

    @Bean
    SmartLifecycle commandArtifactCollectorSchedule(ArtifactMaintenance commandArtifactMaintenance,
                                                    ArtifactSettings settings) {
        // several instances may collect at once: per-digest locks make that safe, only the work is repeated
        ArtifactSettings.Gc gc = settings.gc();
        return new PeriodicTask("artifact-collector", gc.enabled(), gc.interval(), () -> commandArtifactMaintenance
                .collect(gc.gracePeriod(), ArtifactMaintenance.SYSTEM_ACTOR, UUID.randomUUID().toString()));
    }
}
