package dev.modelregistry.query;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * The query service on its own (port 8082). Configuration comes from {@code query-service.yml}
 * ({@code spring.config.name=query-service}) so that it never picks up another module's
 * {@code application.yml}. The standalone launcher does not use this class: it imports
 * {@link QueryServiceConfiguration} into its own context.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(QueryServiceConfiguration.class)
public class QueryServiceApplication {

    public static void main(String[] args) {
        new SpringApplicationBuilder(QueryServiceApplication.class)
                .properties("spring.config.name=query-service")
                .run(args);
    }
}
