package dev.modelregistry.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The command service on its own (port 8081 by default).
 *
 * <p>Its settings are in {@code command-service.yml}, not {@code application.yml}: this class sets
 * {@code spring.config.name=command-service}, so the module's defaults are read only when the service
 * runs alone, and an application that imports {@link CommandServiceConfiguration} together with other
 * modules (one context, one port) reads only its own {@code application.yml}, which this jar can never
 * shadow. Environment variables and command line arguments override both as usual
 * ({@code SPRING_DATASOURCE_URL}, {@code SPRING_KAFKA_BOOTSTRAP_SERVERS}, ...).
 *
 * <p>No component scanning: the configuration is imported explicitly, so nothing is registered twice.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(CommandServiceConfiguration.class)
public class CommandServiceApplication {

    public static final String CONFIG_NAME = "command-service";

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(CommandServiceApplication.class);
        application.setDefaultProperties(java.util.Map.of("spring.config.name", CONFIG_NAME));
        application.run(args);
    }
}
