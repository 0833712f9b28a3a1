package dev.modelregistry.projection.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.indices.GetAliasResponse;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.instrumentation.NoopInstrumentation;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
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
     * the two indices come in pairs: a full rebuild creates, moves, refreshes and deletes a versions
     * index {@code <alias>-<millis>} with its runs index {@code <runs alias>-<millis>} (see
     * {@link #runsIndexOf}); a tracking rebuild replaces the runs index alone with one of its own
     * ({@link #createRunsIndex()}), so the rebuilds move aliases by what they point at
     * ({@link #aliasTargets()}), not by name.
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
        if (!isVersionsIndex(versionsIndex)) {
            throw new IllegalArgumentException(versionsIndex + " is not an index of " + alias);
        }
        return runsAlias + versionsIndex.substring(alias.length());
    }

    /**
     * Whether {@code name} is a concrete versions index {@code <alias>-<millis>} (not a runs index,
     * whose name may start with the versions alias too when that alias does not end in {@code -versions}).
     */
    private boolean isVersionsIndex(String name) {
        return name.startsWith(alias + "-") && !name.startsWith(runsAlias + "-");
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

    /**
     * Indices created before keys of tags, params and metrics could hold dots map those objects with
     * subobjects, so Elasticsearch refuses a document with a dotted key ({@code mlflow.user}) and the
     * projector parks its event. The mapping cannot be changed in place: a rebuild creates indices
     * from the current definitions and applies the parked events again. Says so in the log (the live
     * projector asks once, after {@link #ensureAlias}; a rebuild, which replaces them, does not).
     */
    public void warnOfIndicesWithoutDottedKeys() {
        Request request = new Request("GET", "/" + alias + "," + runsAlias + "/_mapping");
        request.addParameter("filter_path", "*.mappings.properties.metrics");
        JsonNode mappings;
        try {
            mappings = JSON.readTree(restClient.performRequest(request).getEntity().getContent());
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
        List<String> older = new ArrayList<>();
        mappings.properties().forEach(index -> {
            if (index.getValue().at("/mappings/properties/metrics/subobjects").asBoolean(true)) {
                older.add(index.getKey());
            }
        });
        if (!older.isEmpty()) {
            log.warn("Elasticsearch indices {} predate dotted keys of tags, params and metrics: documents with such "
                    + "keys (mlflow.user, val.loss) are refused and their events parked. Rebuild the read models "
                    + "(POST /api/v1/admin/read-models:rebuild, docs/operations.md) to index them", older);
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

    /**
     * Creates a new concrete runs index {@code <runs alias>-<millis>} without the alias and without a
     * versions index beside it (a tracking rebuild's target); returns its name. Its millis never
     * collide with a pair's, so a later {@link #createIndex()} cannot pick the same name.
     */
    public String createRunsIndex() {
        try {
            String name = runsAlias + "-" + freeSuffix();
            create(RUNS_DEFINITION, name, null);
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
    }

    private String createIndex(boolean withAlias) throws IOException {
        String name = alias + "-" + freeSuffix();
        create(DEFINITION, name, withAlias ? alias : null);
        create(RUNS_DEFINITION, runsIndexOf(name), withAlias ? runsAlias : null);
        return name;
    }

    /** The current millis, or the next ones no versions or runs index is named with yet. */
    private long freeSuffix() throws IOException {
        long millis = System.currentTimeMillis();
        while (exists(alias + "-" + millis) || exists(runsAlias + "-" + millis)) {
            millis++;
        }
        return millis;
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

    /**
     * The concrete indices behind the two aliases (normally one each). After a full rebuild the runs
     * index is the one paired with the versions index; after a tracking rebuild it is one of its own.
     */
    public record AliasTargets(List<String> versions, List<String> runs) {

        public AliasTargets {
            versions = List.copyOf(versions);
            runs = List.copyOf(runs);
        }
    }

    /** Where the versions alias and the runs alias point now. */
    public AliasTargets aliasTargets() {
        try {
            return new AliasTargets(indicesOf(alias), indicesOf(runsAlias));
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
    }

    private List<String> indicesOf(String name) throws IOException {
        if (!client.indices().existsAlias(a -> a.name(name)).value()) {
            return List.of();
        }
        GetAliasResponse response = client.indices().getAlias(a -> a.name(name));
        return new ArrayList<>(new java.util.TreeSet<>(response.aliases().keySet()));
    }

    /**
     * Moves both aliases from the indices of {@code from} to those of {@code to} in one atomic request
     * (a search never sees an alias missing or pointing at two indices); an index in both stays.
     */
    public void moveAliases(AliasTargets from, AliasTargets to) {
        try {
            client.indices().updateAliases(u -> {
                moveActions(u, alias, from.versions(), to.versions());
                moveActions(u, runsAlias, from.runs(), to.runs());
                return u;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
    }

    private static void moveActions(co.elastic.clients.elasticsearch.indices.UpdateAliasesRequest.Builder u,
                                    String name, List<String> from, List<String> to) {
        for (String old : from) {
            if (!to.contains(old)) {
                u.actions(a -> a.remove(r -> r.index(old).alias(name)));
            }
        }
        for (String index : to) {
            u.actions(a -> a.add(add -> add.index(index).alias(name)));
        }
    }

    /**
     * Deletes a concrete index if it exists; a versions index together with the runs index paired with
     * it (a runs index of its own, made by a tracking rebuild, is deleted by its name).
     */
    public void deleteIndex(String index) {
        try {
            client.indices().delete(d -> d.index(index).ignoreUnavailable(true));
            if (isVersionsIndex(index)) {
                client.indices().delete(d -> d.index(runsIndexOf(index)).ignoreUnavailable(true));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * Settings for a bulk load into a new index that no search reads yet (a rebuild): no periodic
     * refresh and no fsync of the translog per bulk request; {@code loading = false} puts back those the
     * index was created with (its definition's refresh interval, the default durable translog), so that
     * a rebuilt index has exactly the settings of a created one.
     */
    public void setLoading(String index, boolean loading) {
        String settings = loading
                ? "{\"index\": {\"refresh_interval\": \"-1\", \"translog.durability\": \"async\"}}"
                // null resets a setting to its default, as if never set (the typed client cannot send null)
                : "{\"index\": {\"refresh_interval\": \"" + definedRefreshInterval(index)
                        + "\", \"translog.durability\": null}}";
        try {
            Request request = new Request("PUT", "/" + index + "/_settings");
            request.setJsonEntity(settings);
            restClient.performRequest(request);
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
    }

    /** The refresh interval in the definition {@code index} was created with. */
    private String definedRefreshInterval(String index) {
        String definitionName = index.equals(runsAlias) || index.startsWith(runsAlias + "-") ? RUNS_DEFINITION : DEFINITION;
        try (InputStream definition = SearchIndex.class.getResourceAsStream(definitionName)) {
            if (definition == null) {
                throw new IllegalStateException(definitionName + " is missing from the class path");
            }
            String interval = JSON.readTree(definition).at("/settings/index/refresh_interval").asText();
            if (interval.isEmpty()) {
                throw new IllegalStateException(definitionName + " has no settings.index.refresh_interval");
            }
            return interval;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes everything indexed so far in exactly {@code index} (or the one index an alias names) visible to search. */
    public void refreshOnly(String index) {
        try {
            client.indices().refresh(r -> r.index(index));
        } catch (IOException e) {
            throw new UncheckedIOException("Elasticsearch unavailable: " + e.getMessage(), e);
        }
    }

    /**
     * Makes everything indexed so far in {@code index} (or an alias) visible to search; for a versions
     * index or alias, its runs index too.
     */
    public void refresh(String index) {
        try {
            client.indices().refresh(r -> r.index(index));
            if (index.equals(alias) || isVersionsIndex(index)) {
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
