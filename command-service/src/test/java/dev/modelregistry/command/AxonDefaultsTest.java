package dev.modelregistry.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class AxonDefaultsTest {

    @Test
    void defaults_apply_but_never_override_the_application() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("application",
                Map.of("axon.timeout.enabled", "true")));
        new AxonDefaults().postProcessEnvironment(environment, null);
        new AxonDefaults().postProcessEnvironment(environment, null);
        assertThat(environment.getProperty("axon.axonserver.enabled")).isEqualTo("false");
        assertThat(environment.getProperty("axon.update-check.disabled")).isEqualTo("true");
        assertThat(environment.getProperty("axon.timeout.enabled")).isEqualTo("true");
        assertThat(environment.getPropertySources().stream()
                .filter(source -> source.getName().equals(AxonDefaults.PROPERTY_SOURCE)).count()).isEqualTo(1);
    }
}
