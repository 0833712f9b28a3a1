package dev.modelregistry.query.web;

import dev.modelregistry.query.QueryProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.PropertyNamingStrategies;

/** Web plumbing shared by the query features. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    @Bean
    PageTokenCodec queryPageTokenCodec(QueryProperties properties) {
        return new PageTokenCodec(properties.pageTokenKey());
    }

    /**
     * The REST contract is snake_case. This is the same global setting the command side needs
     * ({@code spring.jackson.property-naming-strategy=SNAKE_CASE}); map keys (params, metrics,
     * tags) and problem properties are not affected by it.
     */
    @Bean
    JsonMapperBuilderCustomizer queryJsonMapperSnakeCase() {
        return builder -> builder.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }
}
