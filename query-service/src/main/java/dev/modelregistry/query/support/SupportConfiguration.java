package dev.modelregistry.query.support;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SupportConfiguration {

    @Bean
    ReadModelDatabase queryReadModelDatabase(DataSource dataSource) {
        return new ReadModelDatabase(dataSource);
    }
}
