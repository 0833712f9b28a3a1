package dev.modelregistry.command.eventstore;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon's event store on PostgreSQL: JDBC storage engine and token store on the schema
 * {@code registry.event-store.schema} (default {@code event_store}), migrated by this module's own
 * Flyway, inside Spring transactions, with the events-schema JSON codec.
 *
 * <p>Everything Axon's Boot auto-configuration would otherwise guess is declared here, because on
 * Boot 4 it guesses wrong: its JDBC auto-configuration is conditional on a DataSource bean it is not
 * ordered after, and its transaction auto-configuration falls back to {@code NoTransactionManager}
 * (events and token updates would then not be atomic). The application's one {@link DataSource} and
 * its {@link PlatformTransactionManager} are used, so the command side shares them with the other
 * modules when they run in one application.
 */
@Configuration(proxyBeanMethods = false)
public class EventStoreConfiguration {

    public static final String DEFAULT_SCHEMA = "event_store";
    static final String MIGRATION = "commandEventStoreMigration";

    @Bean(MIGRATION)
    EventStoreMigration commandEventStoreMigration(DataSource dataSource,
                                                   @Value("${registry.event-store.schema:event_store}") String schema) {
        return new EventStoreMigration(dataSource, schema);
    }

    /**
     * Axon units of work run in Spring transactions on the application's DataSource: events and the
     * command's outcome, or a processor's side effects and its token, commit together or not at all.
     */
    @Bean
    TransactionManager commandAxonTransactionManager(ObjectProvider<PlatformTransactionManager> transactionManagers,
                                                     DataSource dataSource) {
        return new SpringTransactionManager(
                transactionManagers.getIfUnique(() -> new DataSourceTransactionManager(dataSource)));
    }

    /** Subscribing, failures propagated: the command-side tables commit with the events or the command is refused. */
    @Bean
    ConfigurerModule commandSideProjectionsProcessor() {
        return CommandSideProjections.inCommandTransaction();
    }

    @Bean
    ConnectionProvider commandAxonConnectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    /** General serializer (snapshots, tokens): Jackson with the codec's mapper. */
    @Bean
    @Primary
    Serializer commandAxonSerializer() {
        return RegistrySerializer.create();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer commandAxonMessageSerializer() {
        return RegistrySerializer.create();
    }

    /** Events: stored as the codec's JSON under their stable type name and schema version. */
    @Bean
    @Qualifier("eventSerializer")
    Serializer commandAxonEventSerializer() {
        return RegistrySerializer.create();
    }

    public static EventSchema eventSchema(String schema) {
        return EventSchema.builder()
                .eventTable(schema + ".domain_event_entry")
                .snapshotTable(schema + ".snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    public static TokenSchema tokenSchema(String schema) {
        return TokenSchema.builder()
                .setTokenTable(schema + ".token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    @Bean
    @DependsOn(MIGRATION)
    EventStorageEngine commandEventStorageEngine(ConnectionProvider commandAxonConnectionProvider,
                                                 TransactionManager commandAxonTransactionManager,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 Serializer snapshotSerializer,
                                                 org.axonframework.config.Configuration axonConfiguration,
                                                 @Value("${registry.event-store.schema:event_store}") String schema) {
        return JdbcEventStorageEngine.builder()
                // the aggregates' snapshot filters (as Axon's own JDBC auto-configuration sets them): a
                // RegisteredModel snapshot of an older @Revision is skipped and the model loads from its events
                .snapshotFilter(axonConfiguration.snapshotFilter())
                .connectionProvider(commandAxonConnectionProvider)
                .transactionManager(commandAxonTransactionManager)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(snapshotSerializer)
                .upcasterChain(new EventUpcasterChain(new RegistryEventUpcaster()))
                .persistenceExceptionResolver(new PostgresDuplicateKeyResolver())
                .schema(eventSchema(schema))
                .dataType(byte[].class)
                .appendEvents(CommandPositions.appendEvents())
                .build();
    }

    @Bean
    @DependsOn(MIGRATION)
    TokenStore commandTokenStore(ConnectionProvider commandAxonConnectionProvider, Serializer serializer,
                                 @Value("${registry.event-store.schema:event_store}") String schema,
                                 @Value("${registry.event-store.token-claim-timeout:10s}") Duration claimTimeout) {
        return JdbcTokenStore.builder()
                .connectionProvider(commandAxonConnectionProvider)
                .serializer(serializer)
                .schema(tokenSchema(schema))
                .contentType(byte[].class)
                .claimTimeout(claimTimeout)
                .build();
    }

    @Bean
    EventPositions commandEventPositions(DataSource dataSource,
                                         @Value("${registry.event-store.schema:event_store}") String schema) {
        return new EventPositions(dataSource, schema);
    }

    /**
     * Event timestamps come from the application's {@link Clock} bean when there is exactly one (tests
     * inject a fixed clock), else from the UTC system clock. Axon reads it from a static field.
     */
    @Bean
    EventClock commandEventClock(ObjectProvider<Clock> clocks) {
        Clock clock = clocks.getIfUnique(Clock::systemUTC);
        GenericEventMessage.clock = clock;
        return new EventClock(clock);
    }

    /** The clock events are stamped with. */
    public record EventClock(Clock clock) {
    }
}
