package dev.modelregistry.query.audit;

import dev.modelregistry.query.support.ReadModelDatabase;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The audit chain's beans; every name {@code query}-prefixed like the rest of the query side. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
class AuditConfiguration {

    @Bean
    AuditChainQueries queryAuditChainQueries(ReadModelDatabase database) {
        return new AuditChainQueries(database);
    }

    @Bean
    AuditVerifier queryAuditVerifier(AuditChainQueries queries, AuditProperties properties) {
        return new AuditVerifier(queries, properties.verifyPageSize());
    }
}
