package dev.modelregistry.projection.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.indices.GetAliasResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.instrumentation.NoopInstrumentation;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Elasticsearch versions index: the alias ({@code registry.search.index}, default
 * {@code registry-versions}) and the concrete indices {@code <alias>-<created-millis>} behind it,
 * created with the settings and mappings of docs/architecture.md. Owns its own client (Rest5Client
 * transport, Jackson 2 mapper), so it never clashes with another module's client bean.
 */
public final class SearchIndex implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SearchIndex.class);
    private static final String DEFINITION = "registry-versions-index.json";

    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private final Rest5Client restClient;
    private final ElasticsearchClient client;
    private final String alias;

    public SearchIndex(String url, String alias) {
        this.alias = Objects.requireNonNull(alias, "alias");
        this.restClient = Rest5Client.builder(URI.create(Objects.requireNonNull(url, "url"))).build();
        // No OpenTelemetry instrumentation: the client turns it on whenever the OpenTelemetry API is on the
        // class path (google-cloud-storage brings it), and then needs a semconv version that the Google
        // libraries BOM pins lower (NoClassDefFoundError on the first request).
        this.client = new ElasticsearchClient(new Rest5ClientTransport(restClient, new JacksonJsonpMapper(JSON),
                null, NoopInstrumentation.INSTANCE));
    }

    /** The alias that queries and the live projector use. */
    public String alias() {
        return alias;
    }

    ElasticsearchClient client() {
        return client;
    }

    /** Creates {@code <alias>-<millis>} with the alias when the alias does not exist yet. */
    public void ensureAlias() {
        try {
            if (client.indices().existsAlias(a -> a.name(alias)).value()) {
                return;
            }
            if (client.indices().exists(i -> i.index(alias)).value()) {
                throw new IllegalStateException("Elasticsearch has a concrete index named " + alias
                        + " where the alias of the versions index must be; delete it or choose another registry.search.index");
            }
            String index = createIndex(true);
            log.info("Created Elasticsearch index {} with alias {}", index, alias);
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
    }

    /** Creates a new concrete index without the alias (a rebuild's target); returns its name. */
    public String createIndex() {
        try {
            return createIndex(false);
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
    }

    private String createIndex(boolean withAlias) throws IOException {
        long millis = System.currentTimeMillis();
        while (exists(alias + "-" + millis)) {
            millis++;
        }
        String name = alias + "-" + millis;
        try (InputStream definition = SearchIndex.class.getResourceAsStream(DEFINITION)) {
            if (definition == null) {
                throw new IllegalStateException(DEFINITION + " is missing from the class path");
            }
            client.indices().create(c -> {
                c.withJson(definition).index(name);
                if (withAlias) {
                    c.aliases(alias, a -> a);
                }
                return c;
            });
        }
        return name;
    }

    private boolean exists(String index) throws IOException {
        return client.indices().exists(i -> i.index(index)).value();
    }

    /** The concrete indices the alias points at (normally one). */
    public List<String> indicesOfAlias() {
        try {
            if (!client.indices().existsAlias(a -> a.name(alias)).value()) {
                return List.of();
            }
            GetAliasResponse response = client.indices().getAlias(a -> a.name(alias));
            return new ArrayList<>(response.aliases().keySet());
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
    }

    /** Points the alias at {@code index} only, in one atomic request; returns the indices it left. */
    public List<String> moveAlias(String index) {
        List<String> previous = indicesOfAlias();
        try {
            client.indices().updateAliases(u -> {
                for (String old : previous) {
                    if (!old.equals(index)) {
                        u.actions(a -> a.remove(r -> r.index(old).alias(alias)));
                    }
                }
                return u.actions(a -> a.add(add -> add.index(index).alias(alias)));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
        previous.remove(index);
        return previous;
    }

    public void deleteIndex(String index) {
        try {
            client.indices().delete(d -> d.index(index).ignoreUnavailable(true));
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
    }

    /** Makes everything indexed so far in {@code index} (or the alias) visible to search. */
    public void refresh(String index) {
        try {
            client.indices().refresh(r -> r.index(index));
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        restClient.close();
    }
}
