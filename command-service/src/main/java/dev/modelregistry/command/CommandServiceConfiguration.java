package dev.modelregistry.command;

import dev.modelregistry.access.AccessConfiguration;
import dev.modelregistry.command.access.CommandAccessConfiguration;
import dev.modelregistry.command.artifact.ArtifactConfiguration;
import dev.modelregistry.command.artifact.CommandMetaData;
import dev.modelregistry.command.eventstore.EventPositions;
import dev.modelregistry.command.eventstore.EventStoreConfiguration;
import dev.modelregistry.command.eventstore.CommandPositions;
import dev.modelregistry.command.gateway.BoundedCommandBus;
import dev.modelregistry.command.gateway.CachedCommandTargetResolver;
import dev.modelregistry.command.gateway.EventMetaData;
import dev.modelregistry.command.gateway.RegistryCommandGateway;
import dev.modelregistry.command.governance.GovernanceConfiguration;
import dev.modelregistry.command.lineage.LineageConfiguration;
import dev.modelregistry.command.model.ModelConfiguration;
import dev.modelregistry.command.publication.PublicationConfiguration;
import dev.modelregistry.command.tracking.TrackingConfiguration;
import dev.modelregistry.command.web.CommandWebConfiguration;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Everything the command side needs, to be imported by {@link CommandServiceApplication} or by an
 * application that hosts several sides in one Spring context (the standalone launcher): event store
 * (Flyway for {@code event_store}, Axon JDBC engine and token store, transactions), the
 * {@code RegisteredModel} and {@code Artifact} aggregates, the artifact store's command side, access
 * control (the access module's filter chain, the {@code User}, {@code Namespace} and {@code GlobalAccess}
 * aggregates, credentials, sign-in, and the command side's route table), experiment tracking, the table of
 * registered versions that parents of other models are checked against, the Kafka publisher, the REST
 * commands and their problem handler. It uses the host's {@code DataSource},
 * {@code PlatformTransactionManager} and Kafka settings ({@code spring.kafka.*}) and defines no bean of a
 * type another module would inject except Axon's own, the artifact store's {@code BlobStore} (imported
 * from artifact-store, shared with the query side) and {@code CorruptionReports} (which the query side
 * calls): bean names start with {@code command} or {@code registeredModel}.
 *
 * <p>The host application must enable auto-configuration (Axon's starter configures the command bus,
 * event store and processors from the beans declared here) and should set
 * {@code axon.axonserver.enabled=false} and {@code axon.update-check.disabled=true}.
 */
@Configuration(proxyBeanMethods = false)
@Import({AccessConfiguration.class, EventStoreConfiguration.class, ModelConfiguration.class,
        ArtifactConfiguration.class, CommandAccessConfiguration.class, GovernanceConfiguration.class,
        TrackingConfiguration.class, LineageConfiguration.class, PublicationConfiguration.class,
        CommandWebConfiguration.class})
public class CommandServiceConfiguration {

    /** Copies actor, correlation id and reason from each command onto every event it produces. */
    @Bean
    CorrelationDataProvider commandCorrelationDataProvider() {
        return new SimpleCorrelationDataProvider(
                EventMetaData.ACTOR, EventMetaData.CORRELATION_ID, EventMetaData.REASON);
    }

    /** The artifact feature stamps its commands' meta data the same way as every other command. */
    /**
     * Axon's gateway over a {@link BoundedCommandBus}: at most {@code registry.command.max-concurrent}
     * commands (default 8) are handled at once; the others wait before they take a database connection.
     */
    @Bean
    CommandGateway commandGateway(CommandBus commandBus,
                                  @Value("${registry.command.max-concurrent:8}") int maxConcurrent) {
        return DefaultCommandGateway.builder().commandBus(new BoundedCommandBus(commandBus, maxConcurrent)).build();
    }

    /** How every aggregate of the command side finds the aggregate a command is for (Axon's rules, looked up once per class). */
    @Bean
    CommandTargetResolver commandTargetResolver() {
        return new CachedCommandTargetResolver();
    }

    @Bean
    CommandMetaData commandArtifactMetaData() {
        return (actor, correlationId, reason) -> new EventMetaData(actor, correlationId, reason).toMetaData();
    }

    /** Hands each command the position of its last event (see {@link CommandPositions}). */
    @Bean
    CommandInterceptors commandPositionInterceptor(CommandBus commandBus) {
        commandBus.registerHandlerInterceptor(CommandPositions.commandInterceptor());
        return new CommandInterceptors();
    }

    @Bean
    RegistryCommandGateway registryCommandGateway(CommandGateway commandGateway, EventPositions positions,
                                                  CommandInterceptors interceptorsRegistered,
                                                  @Value("${registry.command.concurrency-retries:5}") int retries) {
        return new RegistryCommandGateway(commandGateway, positions, retries);
    }

    /** Marker: the command side's interceptors are registered on Axon's buses. */
    static final class CommandInterceptors {
    }
}
