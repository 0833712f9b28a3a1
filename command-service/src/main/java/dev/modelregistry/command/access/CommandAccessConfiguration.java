package dev.modelregistry.command.access;

import dev.modelregistry.access.AccessProperties;
import dev.modelregistry.access.AccessTokens;
import dev.modelregistry.access.ApiTokenVerifier;
import dev.modelregistry.access.SessionStatus;
import dev.modelregistry.access.SigningKeys;
import dev.modelregistry.command.access.aggregate.AccessAggregateConfiguration;
import dev.modelregistry.command.eventstore.CommandSideProjections;
import dev.modelregistry.command.eventstore.EventPositions;
import dev.modelregistry.command.eventstore.EventStoreConfiguration.EventClock;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Import;

/**
 * The command side of access control: the {@code User}, {@code Namespace} and {@code GlobalAccess}
 * aggregates, the credential and access-state tables (migration V3) with the subscribing processor
 * {@code access-state}, sign-in, API tokens, user and namespace administration, the bootstrap admin,
 * and the access module's service interfaces on the command side's database: {@link SigningKeys},
 * {@link ApiTokenVerifier}, {@link SessionStatus} (beans), and the grants through {@link AccessState}.
 * Needs the access module's {@link AccessTokens} and {@link AccessProperties}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessSettings.class)
@Import(AccessAggregateConfiguration.class)
public class CommandAccessConfiguration {

    /** The tables come with the event store's migrations (V3), so they exist before any of this runs. */
    @Bean
    @DependsOn("commandEventStoreMigration")
    AccessTables commandAccessTables(DataSource dataSource,
                                     @Value("${registry.event-store.schema:event_store}") String schema,
                                     AccessSettings settings) {
        return new AccessTables(dataSource, schema, settings.stateCacheTtl());
    }

    @Bean
    AccessStateProjection commandAccessStateProjection(AccessTables commandAccessTables) {
        return new AccessStateProjection(commandAccessTables);
    }

    @Bean
    AccessCommands commandAccessCommands(CommandGateway commandGateway, EventPositions positions) {
        return new AccessCommands(commandGateway, positions);
    }

    @Bean
    PasswordHasher commandPasswordHasher(AccessSettings settings) {
        return new PasswordHasher(settings.bcryptStrength());
    }

    @Bean
    SigningKeys commandSigningKeys(AccessTables commandAccessTables, TransactionManager transactionManager,
                                   EventClock clock) {
        return new StoredSigningKeys(commandAccessTables, transactionManager, clock.clock());
    }

    @Bean
    SessionStatus commandSessionStatus(AccessTables commandAccessTables, EventClock clock) {
        return new StoredSessionStatus(commandAccessTables, clock.clock());
    }

    @Bean
    AccessState commandAccessState(AccessTables commandAccessTables) {
        return new AccessState(new StoredAccessGrants(commandAccessTables), commandAccessTables);
    }

    @Bean
    ApiTokens commandApiTokens(AccessTables commandAccessTables, AccessCommands commandAccessCommands,
                               TransactionManager transactionManager, EventClock clock, AccessSettings settings) {
        return new ApiTokens(commandAccessTables, commandAccessCommands, transactionManager, clock.clock(),
                settings.apiTokens());
    }

    @Bean
    SignIns commandSignIns(AccessTables commandAccessTables, AccessCommands commandAccessCommands,
                           TransactionManager transactionManager, AccessTokens accessTokens,
                           PasswordHasher commandPasswordHasher, EventClock clock, AccessProperties properties,
                           AccessSettings settings) {
        return new SignIns(commandAccessTables, commandAccessCommands, transactionManager, accessTokens,
                commandPasswordHasher, clock.clock(), properties.refreshTokenTtl(), settings.sessionMaxAge());
    }

    @Bean
    UserAccounts commandUserAccounts(AccessTables commandAccessTables, AccessCommands commandAccessCommands,
                                     TransactionManager transactionManager, PasswordHasher commandPasswordHasher,
                                     EventClock clock) {
        return new UserAccounts(commandAccessTables, commandAccessCommands, transactionManager, commandPasswordHasher,
                clock.clock());
    }

    @Bean
    AccessAdministration commandAccessAdministration(AccessTables commandAccessTables,
                                                     AccessCommands commandAccessCommands,
                                                     TransactionManager transactionManager) {
        return new AccessAdministration(commandAccessTables, commandAccessCommands, transactionManager);
    }

    @Bean
    BootstrapAdmin commandBootstrapAdmin(AccessTables commandAccessTables, AccessCommands commandAccessCommands,
                                         TransactionManager transactionManager, PasswordHasher commandPasswordHasher,
                                         EventClock clock, AccessSettings settings) {
        return new BootstrapAdmin(commandAccessTables, commandAccessCommands, transactionManager,
                commandPasswordHasher, clock.clock(), settings.bootstrapAdmin());
    }

    /** Once the application is ready: Axon's command bus and processors have started. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> commandBootstrapAdminOnReady(BootstrapAdmin commandBootstrapAdmin) {
        return event -> commandBootstrapAdmin.run();
    }
}
