package dev.modelregistry.projection;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * The projections as an application of their own: the Kafka consumers that build the PostgreSQL and
 * Elasticsearch read models, the rebuild, and the actuator, on port 8083. Its defaults are in
 * {@code projections.yml} (spring.config.name), so that an application that imports
 * {@link ProjectionsConfiguration} keeps its own {@code application.yml}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(ProjectionsConfiguration.class)
public class ProjectionsApplication {

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        new SpringApplicationBuilder(ProjectionsApplication.class)
                .properties("spring.config.name=projections")
                .run(args);
    }
}
