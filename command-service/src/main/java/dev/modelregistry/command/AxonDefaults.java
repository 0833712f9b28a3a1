package dev.modelregistry.command;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Axon settings the command side needs in every application that contains it (alone or imported with
 * other modules), added as the LOWEST-precedence property source so that any application.yml,
 * environment variable or argument still overrides them:
 * <ul>
 *   <li>{@code axon.axonserver.enabled=false}: the event store is PostgreSQL, there is no Axon Server;</li>
 *   <li>{@code axon.update-check.disabled=true}: no call to the internet at start;</li>
 *   <li>{@code axon.timeout.enabled=false}: Axon 4.13's handler time limits take a full thread stack
 *       trace for every handler invocation (every applied event, every command, every published
 *       event), which costs more than the rest of a command; the command side has no long-running
 *       handlers to guard;</li>
 * </ul>
 * The serializers are beans ({@code EventStoreConfiguration}); {@code axon.serializer.*} is deliberately
 * not set, because {@code jackson} there makes Axon register a plain Jackson 2 {@code ObjectMapper} bean
 * that other modules of a combined application could inject by mistake.
 * Registered in {@code META-INF/spring.factories}.
 */
public class AxonDefaults implements EnvironmentPostProcessor {

    public static final String PROPERTY_SOURCE = "commandServiceAxonDefaults";

    static final Map<String, Object> DEFAULTS = Map.of(
            "axon.axonserver.enabled", "false",
            "axon.update-check.disabled", "true",
            "axon.timeout.enabled", "false");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(PROPERTY_SOURCE)) {
            environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, DEFAULTS));
        }
    }
}
