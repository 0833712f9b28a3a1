package dev.modelregistry.query.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.instrumentation.NoopInstrumentation;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelregistry.query.QueryProperties;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The Elasticsearch client of the query side: elasticsearch-java on the Rest5Client transport with
 * the Jackson 2 {@link JacksonJsonpMapper}. Nodes from {@code registry.query.elasticsearch.uris},
 * else {@code registry.search.url} (the projections' setting, so one setting serves both in the
 * standalone mode), else {@code spring.elasticsearch.uris}, else http://127.0.0.1:9200; the alias
 * from {@code registry.search.index} (default {@code registry-versions}).
 */
@Configuration(proxyBeanMethods = false)
class SearchConfiguration {

    static final String DEFAULT_URI = "http://127.0.0.1:9200";

    @Bean(destroyMethod = "close")
    SearchBackend querySearchBackend(QueryProperties properties, Environment environment,
                                     @Value("${registry.search.index:registry-versions}") String index) {
        QueryProperties.Elasticsearch settings = properties.elasticsearch();
        List<URI> uris = settings.uris().isEmpty()
                ? Arrays.stream(environment.getProperty("registry.search.url",
                                environment.getProperty("spring.elasticsearch.uris", DEFAULT_URI)).split(","))
                        .map(String::strip).filter(s -> !s.isEmpty()).map(URI::create).toList()
                : settings.uris();
        var builder = Rest5Client.builder(uris)
                .setConnectionConfigCallback(connection -> connection
                        .setConnectTimeout(Timeout.of(settings.connectTimeout())))
                .setRequestConfigCallback(request -> request
                        .setConnectionRequestTimeout(Timeout.of(settings.connectTimeout()))
                        .setResponseTimeout(Timeout.of(settings.responseTimeout())));
        if (settings.username() != null && !settings.username().isEmpty()) {
            String credentials = settings.username() + ":" + (settings.password() == null ? "" : settings.password());
            builder.setDefaultHeaders(new Header[] {new BasicHeader(HttpHeaders.AUTHORIZATION,
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))});
        }
        ObjectMapper json = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, true);
        ElasticsearchClient client = new ElasticsearchClient(
                // no OpenTelemetry instrumentation: it switches itself on when the OpenTelemetry API is on
                // the class path (google-cloud-storage brings it, through the artifact store) and then
                // needs a semconv version the Google libraries BOM pins lower (NoClassDefFoundError)
                new Rest5ClientTransport(builder.build(), new JacksonJsonpMapper(json), null,
                        NoopInstrumentation.INSTANCE));
        return new SearchBackend(client, index);
    }
}
