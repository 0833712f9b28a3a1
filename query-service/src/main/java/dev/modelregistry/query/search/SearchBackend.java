package dev.modelregistry.query.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;

/**
 * The Elasticsearch client of the query side and the alias it searches. A holder rather than an
 * {@code ElasticsearchClient} bean, so that the other modules of a shared context keep their own.
 */
final class SearchBackend implements AutoCloseable {

    private final ElasticsearchClient client;
    private final String index;
    private final String runsIndex;

    /**
     * @param index the versions alias; the runs alias is derived from it as the projections do
     *              ({@code registry-versions} -> {@code registry-runs}, else {@code <index>-runs})
     */
    SearchBackend(ElasticsearchClient client, String index) {
        this.client = client;
        this.index = index;
        this.runsIndex = index.endsWith("-versions")
                ? index.substring(0, index.length() - "-versions".length()) + "-runs" : index + "-runs";
    }

    String runsIndex() {
        return runsIndex;
    }

    ElasticsearchClient client() {
        return client;
    }

    String index() {
        return index;
    }

    @Override
    public void close() throws IOException {
        client._transport().close();
    }
}
