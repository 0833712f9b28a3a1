package dev.modelregistry.command.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.unit.DataSize;

/**
 * The REST command API and its problem handler. Limits: {@code registry.command.max-body-size}
 * (default 1MB, larger bodies get 413) and {@code registry.command.max-json-depth} (default 32).
 */
@Configuration(proxyBeanMethods = false)
@Import({ModelCommandController.class, ArtifactCommandController.class, CommandProblemHandler.class})
public class CommandWebConfiguration {

    @Bean
    CommandJson commandJson(@Value("${registry.command.max-body-size:1MB}") DataSize maxBodySize,
                            @Value("${registry.command.max-json-depth:32}") int maxJsonDepth) {
        return new CommandJson(maxBodySize.toBytes(), maxJsonDepth);
    }
}
