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
    private static final String RUNS_DEFINITION = "registry-runs-index.json";

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
    private final String runsAlias;

    /** The versions index {@code alias} and the runs index {@link #runsAliasOf(String) beside it}. */
    public SearchIndex(String url, String alias) {
        this.alias = Objects.requireNonNull(alias, "alias");
        this.runsAlias = runsAliasOf(alias);
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

    /**
     * The alias of the runs index that goes with a versions alias: {@code registry-versions} ->
     * {@code registry-runs}, any other {@code x} -> {@code x-runs}. Derived rather than configured, so
     * the two indices always come in pairs: a concrete runs index is named {@code <runs alias>-<millis>}
     * with the same millis as its versions index, and the rebuild, which handles versions indices,
     * creates, moves, refreshes and deletes the pair (see {@link #runsIndexOf}).
     */
    public static String runsAliasOf(String versionsAlias) {
        return versionsAlias.endsWith("-versions")
                ? versionsAlias.substring(0, versionsAlias.length() - "-versions".length()) + "-runs"
                : versionsAlias + "-runs";
    }

    public String runsAlias() {
        return runsAlias;
    }

    /** The runs index paired with a versions index name (or the runs alias for the versions alias). */
    public String runsIndexOf(String versionsIndex) {
        if (versionsIndex.equals(alias)) {
            return runsAlias;
        }
        if (!versionsIndex.startsWith(alias)) {
            throw new IllegalArgumentException(versionsIndex + " is not an index of " + alias);
        }
        return runsAlias + versionsIndex.substring(alias.length());
    }

    ElasticsearchClient client() {
        return client;
    }

    /** Creates {@code <alias>-<millis>} with the alias when the alias does not exist yet. */
    public void ensureAlias() {
        try {
            if (client.indices().existsAlias(a -> a.name(alias)).value()) {
                ensureRunsAlias();
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

    /**
     * An index of versions made before runs were indexed has no runs index: create the one paired with
     * the versions index, with the runs alias.
     */
    private void ensureRunsAlias() throws IOException {
        if (client.indices().existsAlias(a -> a.name(runsAlias)).value()) {
            return;
        }
        if (exists(runsAlias)) {
            throw new IllegalStateException("Elasticsearch has a concrete index named " + runsAlias
                    + " where the alias of the runs index must be; delete it or choose another registry.search.index");
        }
        for (String versions : new ArrayList<>(client.indices().getAlias(a -> a.name(alias)).aliases().keySet())) {
            String runs = runsIndexOf(versions);
            if (!exists(runs)) {
                create(RUNS_DEFINITION, runs, runsAlias);
            } else {
                client.indices().updateAliases(u -> u.actions(a -> a.add(add -> add.index(runs).alias(runsAlias))));
            }
            log.info("Created Elasticsearch index {} with alias {}", runs, runsAlias);
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
        while (exists(alias + "-" + millis) || exists(runsAlias + "-" + millis)) {
            millis++;
        }
        String name = alias + "-" + millis;
        create(DEFINITION, name, withAlias ? alias : null);
        create(RUNS_DEFINITION, runsIndexOf(name), withAlias ? runsAlias : null);
        return name;
    }

    private void create(String definitionName, String name, String withAlias) throws IOException {
        try (InputStream definition = SearchIndex.class.getResourceAsStream(definitionName)) {
            if (definition == null) {
                throw new IllegalStateException(definitionName + " is missing from the class path");
            }
            client.indices().create(c -> {
                c.withJson(definition).index(name);
                if (withAlias != null) {
                    c.aliases(withAlias, a -> a);
                }
                return c;
            });
        }
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

    /**
     * Points the alias at {@code index} only, and the runs alias at its paired runs index, in one atomic
     * request; returns the versions indices it left.
     */
    public List<String> moveAlias(String index) {
        List<String> previous = indicesOfAlias();
        try {
            List<String> previousRuns = client.indices().existsAlias(a -> a.name(runsAlias)).value()
                    ? new ArrayList<>(client.indices().getAlias(a -> a.name(runsAlias)).aliases().keySet()) : List.of();
            String runs = runsIndexOf(index);
            boolean runsExists = exists(runs);
            client.indices().updateAliases(u -> {
                for (String old : previous) {
                    if (!old.equals(index)) {
                        u.actions(a -> a.remove(r -> r.index(old).alias(alias)));
                    }
                }
                if (runsExists) {
                    for (String old : previousRuns) {
                        if (!old.equals(runs)) {
                            u.actions(a -> a.remove(r -> r.index(old).alias(runsAlias)));
                        }
                    }
                    u.actions(a -> a.add(add -> add.index(runs).alias(runsAlias)));
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
            if (!index.equals(alias) && index.startsWith(alias)) {
                client.indices().delete(d -> d.index(runsIndexOf(index)).ignoreUnavailable(true));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
    }

    /** Makes everything indexed so far in {@code index} (or the alias) and its runs index visible to search. */
    public void refresh(String index) {
        try {
            client.indices().refresh(r -> r.index(index));
            if (index.startsWith(alias)) {
                client.indices().refresh(r -> r.index(runsIndexOf(index)).ignoreUnavailable(true));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        restClient.close();
    }
}
