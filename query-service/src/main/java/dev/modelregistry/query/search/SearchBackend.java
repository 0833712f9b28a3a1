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

    SearchBackend(ElasticsearchClient client, String index) {
        this.client = client;
        this.index = index;
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
