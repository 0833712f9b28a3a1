package dev.modelregistry.command.lineage;

import dev.modelregistry.command.eventstore.CommandSideProjections;
import javax.sql.DataSource;
import org.axonframework.config.ConfigurerModule;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

/**
 * The command side's share of the lineage rules: the table of registered versions (migration V6) with the
 * subscribing processor {@code registered-versions}, read through {@link RegisteredVersions} before a
 * version naming parents of other models is registered.
 */
@Configuration(proxyBeanMethods = false)
public class LineageConfiguration {

    @Bean
    @DependsOn("commandEventStoreMigration")
    RegisteredVersions commandRegisteredVersions(DataSource dataSource,
                                                 @Value("${registry.event-store.schema:event_store}") String schema) {
        return new RegisteredVersions(dataSource, schema);
    }

    @Bean
    RegisteredVersionsProjection commandRegisteredVersionsProjection(RegisteredVersions commandRegisteredVersions) {
        return new RegisteredVersionsProjection(commandRegisteredVersions);
    }
}
