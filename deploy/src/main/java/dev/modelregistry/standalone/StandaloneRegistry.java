package dev.modelregistry.standalone;

import dev.modelregistry.command.CommandServiceConfiguration;
import dev.modelregistry.embedded.RegistryServices;
import dev.modelregistry.embedded.ServiceEndpoints;
import dev.modelregistry.embedded.ServicesConfig;
import dev.modelregistry.projection.ProjectionsConfiguration;
import dev.modelregistry.query.QueryServiceConfiguration;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The whole registry in one JVM: command side, projections and query side in one Spring context on
 * one port (8080), on real PostgreSQL, Kafka and Elasticsearch that this process starts itself from
 * Maven Central artifacts (or finds elsewhere: {@code registry.services.provider=external}).
 *
 * <p>Services start before Spring because the context needs their addresses. Shutdown runs in the
 * opposite order from one exit hook: first the context (the publisher and the projectors finish
 * their batch), then the services.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({CommandServiceConfiguration.class, ProjectionsConfiguration.class, QueryServiceConfiguration.class,
        StandaloneTomcat.class, ContentTypeGuard.class})
public class StandaloneRegistry {

    private static final Logger log = LoggerFactory.getLogger(StandaloneRegistry.class);

    /** Where the embedded services keep their data; {@code --registry.data-dir=...} or the same system property. */
    public static final String DATA_DIR = "registry.data-dir";

    public static void main(String[] args) {
        long started = System.nanoTime();
        // the services start before Spring reads its configuration: take their settings from the
        // command line too (they are also read from system properties and the environment)
        Arrays.stream(args).filter(arg -> arg.startsWith("--registry.services.") && arg.contains("="))
                .forEach(arg -> System.setProperty(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1)));
        Path dataDirectory = Path.of(option(args, DATA_DIR).orElse(System.getProperty(DATA_DIR, "data")))
                .toAbsolutePath().normalize();
        RegistryServices services = RegistryServices.start(
                ServicesConfig.fromEnvironment(ServicesConfig.standalone(dataDirectory)));
        ConfigurableApplicationContext context;
        try {
            SpringApplication application = new SpringApplication(StandaloneRegistry.class);
            application.setRegisterShutdownHook(false);
            Map<String, Object> defaults = springProperties(services.endpoints());
            // the artifact store lives under the same data directory as the services (docs/artifacts.md)
            defaults.put(DATA_DIR, dataDirectory.toString());
            application.setDefaultProperties(defaults);
            context = application.run(args);
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
        services.closeAfter(context);
        String port = context.getEnvironment().getProperty("local.server.port", "8080");
        log.info("Model registry ready in {} ms: commands and queries on http://127.0.0.1:{}/api/v1, health on "
                        + "http://127.0.0.1:{}/actuator/health; data in {}",
                (System.nanoTime() - started) / 1_000_000, port, port, dataDirectory);
    }

    /** Connection settings of the three services, as the lowest-precedence Spring properties. */
    public static Map<String, Object> springProperties(ServiceEndpoints endpoints) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", endpoints.jdbcUrl());
        properties.put("spring.datasource.username", endpoints.username());
        properties.put("spring.datasource.password", endpoints.password());
        properties.put("spring.kafka.bootstrap-servers", endpoints.kafkaBootstrapServers());
        properties.put("registry.search.url", endpoints.elasticsearchUrl());
        return properties;
    }

    private static java.util.Optional<String> option(String[] args, String name) {
        String prefix = "--" + name + "=";
        return Arrays.stream(args).filter(arg -> arg.startsWith(prefix)).map(arg -> arg.substring(prefix.length()))
                .reduce((first, last) -> last);
    }
}
