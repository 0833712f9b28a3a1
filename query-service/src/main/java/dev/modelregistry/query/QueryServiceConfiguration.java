package dev.modelregistry.query;

import dev.modelregistry.access.AccessConfiguration;
import dev.modelregistry.artifact.ArtifactStoreConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * Everything the query side needs, importable into any Spring Boot context: the standalone
 * launcher imports it next to the command side and the projections (one context, one port, one
 * shared {@code DataSource}). Every bean has a {@code query}-prefixed name; no bean of a widely
 * injected type ({@code DSLContext}, {@code ElasticsearchClient}, {@code ObjectMapper}) is
 * exposed, so nothing here changes what the other modules get injected.
 *
 * <p>Needs a {@code javax.sql.DataSource} bean (the read-model database). Settings:
 * {@link QueryProperties} ({@code registry.query.*}), {@code registry.search.index} and the artifact
 * store's {@code registry.artifacts.*} ({@link ArtifactStoreConfiguration}, imported here and by the
 * command side: one store per context), the access module's {@code registry.auth.*}
 * ({@link AccessConfiguration}: the bearer-token filter chain; the query side's rules and grants are
 * {@code access.QueryRoutes}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(QueryProperties.class)
@Import({ArtifactStoreConfiguration.class, AccessConfiguration.class})
@ComponentScan(basePackageClasses = QueryServiceConfiguration.class,
        excludeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE,
                classes = {QueryServiceApplication.class, QueryServiceConfiguration.class}))
public class QueryServiceConfiguration {
}
