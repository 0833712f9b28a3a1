package dev.modelregistry.command.governance;

import dev.modelregistry.command.access.AccessState;
import dev.modelregistry.command.eventstore.CommandSideProjections;
import dev.modelregistry.command.eventstore.EventPositions;
import dev.modelregistry.command.eventstore.EventStoreConfiguration.EventClock;
import dev.modelregistry.command.gateway.RegistryCommandGateway;
import dev.modelregistry.command.governance.evaluator.EvaluatorAggregateConfiguration;
import dev.modelregistry.command.schedule.PeriodicTask;
import javax.sql.DataSource;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ConfigurerModule;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Import;

/**
 * Governance on the command side: the {@code Evaluator} aggregate, the governance tables (migration V4)
 * with the subscribing processor {@code governance-state}, report verification, the promotion gates'
 * context and the deprecation job.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GovernanceSettings.class)
@Import(EvaluatorAggregateConfiguration.class)
public class GovernanceConfiguration {

    @Bean
    @DependsOn("commandEventStoreMigration")
    GovernanceTables commandGovernanceTables(DataSource dataSource,
                                             @Value("${registry.event-store.schema:event_store}") String schema) {
        return new GovernanceTables(dataSource, schema);
    }

    @Bean
    GovernanceStateProjection commandGovernanceStateProjection(GovernanceTables commandGovernanceTables) {
        return new GovernanceStateProjection(commandGovernanceTables);
    }

    @Bean
    Governance commandGovernance(AccessState commandAccessState, GovernanceTables commandGovernanceTables,
                                 RegistryCommandGateway gateway, EventClock clock) {
        return new Governance(commandAccessState, commandGovernanceTables, gateway, clock.clock());
    }

    @Bean
    Evaluators commandEvaluators(CommandGateway commandGateway, EventPositions positions) {
        return new Evaluators(new GovernanceCommands(commandGateway, positions));
    }

    @Bean
    DeprecationJob commandDeprecationJob(GovernanceTables commandGovernanceTables, RegistryCommandGateway gateway,
                                         GovernanceSettings settings, EventClock clock) {
        return new DeprecationJob(commandGovernanceTables, gateway, settings.deprecation(), clock.clock());
    }

    @Bean
    SmartLifecycle commandDeprecationSchedule(DeprecationJob commandDeprecationJob, GovernanceSettings settings) {
        GovernanceSettings.Deprecation deprecation = settings.deprecation();
        return new PeriodicTask("deprecation-job", deprecation.enabled(), deprecation.checkInterval(),
                commandDeprecationJob::runOnce);
    }
}
