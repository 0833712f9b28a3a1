package dev.modelregistry.query;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the query side, prefix {@code registry.query}.
 *
 * @param minPositionTimeout how long a query waits for the read models to reach {@code min_position}
 *                           before answering 503 {@code read_model_behind}
 * @param minPositionPollInterval how often the projection progress is read while waiting
 * @param positionGapTimeout the publisher's gap timeout (Axon's, 60 s by default): a
 *                           {@code min_position} that is no event counts as reached once the first
 *                           event after it is older than this (see
 *                           {@link dev.modelregistry.readmodel.ReadModelPositions})
 * @param pageTokenKey key of the HMAC that makes page tokens tamper-evident; set the same value on
 *                     every instance behind one load balancer
 * @param elasticsearch where the search index lives
 */
@ConfigurationProperties("registry.query")
public record QueryProperties(
        @DefaultValue("5s") Duration minPositionTimeout,
        @DefaultValue("10ms") Duration minPositionPollInterval,
        @DefaultValue("60s") Duration positionGapTimeout,
        @DefaultValue("model-registry-query-page-token") String pageTokenKey,
        @DefaultValue Elasticsearch elasticsearch) {

    /**
     * @param uris Elasticsearch nodes; empty = {@code registry.search.url}, else
     *             {@code spring.elasticsearch.uris}, else http://127.0.0.1:9200
     * @param username basic authentication user (optional)
     * @param password basic authentication password (optional)
     * @param connectTimeout TCP connect timeout
     * @param responseTimeout time allowed for one search answer
     */
    public record Elasticsearch(
            @DefaultValue List<URI> uris,
            String username,
            String password,
            @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("10s") Duration responseTimeout) {
    }
}
