package dev.modelregistry.projection;

import dev.modelregistry.projection.core.ProjectionListener;
import dev.modelregistry.projection.core.ProjectionProgress;
import dev.modelregistry.projection.core.ReadModelDatabase;
import dev.modelregistry.projection.postgres.PostgresProjector;
import dev.modelregistry.projection.rebuild.ReadModelRebuild;
import dev.modelregistry.projection.rebuild.ReadModelRebuildAccess;
import dev.modelregistry.projection.rebuild.ReadModelRebuildEndpoint;
import dev.modelregistry.projection.rebuild.ReadModelRebuildRoutes;
import dev.modelregistry.projection.search.SearchIndex;
import dev.modelregistry.projection.search.SearchProjector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Everything of the projections application, importable into another application context (the
 * standalone launcher runs the command side, the projections and the query side in one context on one
 * DataSource). Bean names are prefixed so they never clash; no bean here is of a type that Spring Boot
 * auto-configures (no ConsumerFactory, DSLContext, ElasticsearchClient or transaction manager), so
 * importing it changes nothing else in the context.
 *
 * <p>Properties (defaults in brackets): {@code registry.kafka.topic} [registry.events],
 * {@code registry.search.url} [http://127.0.0.1:9200], {@code registry.search.index}
 * [registry-versions], {@code registry.projections.search.enabled} [true],
 * {@code registry.projections.auto-startup} [true], {@code registry.projections.postgres.group-id}
 * [registry-projections], {@code registry.projections.search.group-id} [registry-search],
 * {@code registry.projections.max-poll-records} [2000], {@code registry.projections.search.max-poll-records}
 * [5000], {@code registry.projections.search.refresh} [wait_for; or refresh: bulk, then an explicit
 * refresh], {@code registry.projections.search.fetch-max-wait} [0ms; positive: the search consumer lets the
 * broker gather up to that long (or a megabyte) per fetch, so with refresh there are fewer batches and
 * refreshes], {@code registry.projections.concurrency} [1],
 * {@code registry.query.position-gap-timeout} [60s; the read-your-writes gap fallback of
 * {@link ProjectionProgress}, shared with the query side], {@code registry.rebuild.tracking.max-reduced-rows}
 * [1000000; a tracking rebuild's params, tags, latest metrics and inputs held in memory, ~200 bytes
 * each, before they are written], {@code registry.rebuild.tracking.max-run-documents} [20000; a tracking
 * rebuild's run documents held in memory, a few KB each, before they are written]; Kafka connection settings from
 * {@code spring.kafka.*}.
 */
@Configuration(proxyBeanMethods = false)
public class ProjectionsConfiguration {

    public static final String POSTGRES_CONTAINER = "postgresProjectionContainer";
    public static final String SEARCH_CONTAINER = "searchProjectionContainer";

    /** The live read-model schema, created or upgraded here (Boot's Flyway auto-configuration is off). */
    @Bean
    public ReadModelDatabase projectionsReadModelDatabase(DataSource dataSource) {
        ReadModelDatabase database = ReadModelDatabase.live(dataSource);
        database.migrate();
        return database;
    }

    @Bean
    public ProjectionProgress projectionProgress(ReadModelDatabase projectionsReadModelDatabase,
                                                 @Value("${registry.query.position-gap-timeout:60s}") Duration gapTimeout) {
        return new ProjectionProgress(projectionsReadModelDatabase, gapTimeout);
    }

    @Bean
    public PostgresProjector postgresProjector(ReadModelDatabase projectionsReadModelDatabase) {
        return new PostgresProjector(projectionsReadModelDatabase);
    }

    @Bean
    public ProjectionListener postgresProjectionListener(PostgresProjector postgresProjector) {
        return new ProjectionListener(postgresProjector);
    }

    @Bean
    public ConcurrentMessageListenerContainer<String, byte[]> postgresProjectionContainer(
            ProjectionListener postgresProjectionListener, ProjectionsKafka projectionsKafka,
            @Value("${registry.projections.postgres.group-id:registry-projections}") String groupId,
            @Value("${registry.projections.max-poll-records:2000}") int maxPollRecords) {
        return projectionsKafka.container(groupId, postgresProjectionListener, "postgres-projection-", maxPollRecords,
                Duration.ZERO);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "registry.projections.search.enabled", havingValue = "true", matchIfMissing = true)
    public SearchIndex projectionsSearchIndex(@Value("${registry.search.url:http://127.0.0.1:9200}") String url,
                                              @Value("${registry.search.index:registry-versions}") String alias) {
        return new SearchIndex(url, alias);
    }

    @Bean
    @ConditionalOnProperty(name = "registry.projections.search.enabled", havingValue = "true", matchIfMissing = true)
    public SearchProjector searchProjector(SearchIndex projectionsSearchIndex,
                                           ReadModelDatabase projectionsReadModelDatabase,
                                           @Value("${registry.projections.search.refresh:wait_for}") String refresh) {
        return SearchProjector.live(projectionsSearchIndex, projectionsReadModelDatabase,
                SearchProjector.Visibility.valueOf(refresh.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
    }

    @Bean
    @ConditionalOnProperty(name = "registry.projections.search.enabled", havingValue = "true", matchIfMissing = true)
    public ProjectionListener searchProjectionListener(SearchProjector searchProjector) {
        return new ProjectionListener(searchProjector);
    }

    @Bean
    @ConditionalOnProperty(name = "registry.projections.search.enabled", havingValue = "true", matchIfMissing = true)
    public ConcurrentMessageListenerContainer<String, byte[]> searchProjectionContainer(
            ProjectionListener searchProjectionListener, ProjectionsKafka projectionsKafka,
            @Value("${registry.projections.search.group-id:registry-search}") String groupId,
            @Value("${registry.projections.search.max-poll-records:5000}") int maxPollRecords,
            @Value("${registry.projections.search.fetch-max-wait:0ms}") Duration fetchMaxWait) {
        return projectionsKafka.container(groupId, searchProjectionListener, "search-projection-", maxPollRecords,
                fetchMaxWait);
    }

    @Bean
    public ProjectionsKafka projectionsKafka(ObjectProvider<KafkaProperties> kafkaProperties,
                                             @Value("${spring.kafka.bootstrap-servers:127.0.0.1:9092}") String bootstrapServers,
                                             @Value("${registry.kafka.topic:registry.events}") String topic,
                                             @Value("${registry.projections.concurrency:1}") int concurrency,
                                             @Value("${registry.projections.auto-startup:true}") boolean autoStartup) {
        return new ProjectionsKafka(() -> {
            KafkaProperties properties = kafkaProperties.getIfAvailable();
            Map<String, Object> base = properties != null ? properties.buildConsumerProperties() : new HashMap<>();
            base.putIfAbsent(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            return base;
        }, topic, concurrency, autoStartup);
    }

    @Bean
    public ReadModelRebuild readModelRebuild(DataSource dataSource, ProjectionsKafka projectionsKafka,
                                             @Qualifier(POSTGRES_CONTAINER) ConcurrentMessageListenerContainer<?, ?> postgresContainer,
                                             @Qualifier(SEARCH_CONTAINER) ObjectProvider<ConcurrentMessageListenerContainer<?, ?>> searchContainer,
                                             ObjectProvider<SearchIndex> projectionsSearchIndex,
                                             @Value("${registry.rebuild.tracking.max-reduced-rows:1000000}") long maxReducedRows,
                                             @Value("${registry.rebuild.tracking.max-run-documents:20000}") long maxRunDocuments) {
        List<ConcurrentMessageListenerContainer<?, ?>> containers = new ArrayList<>();
        containers.add(postgresContainer);
        searchContainer.ifAvailable(containers::add);
        return new ReadModelRebuild(dataSource, projectionsKafka::consumerProperties, projectionsKafka.topic(),
                containers, projectionsSearchIndex.getIfAvailable(), maxReducedRows, maxRunDocuments);
    }

    @Bean
    public RouterFunction<ServerResponse> readModelRebuildRoutes(ReadModelRebuild readModelRebuild) {
        return ReadModelRebuildRoutes.routes(readModelRebuild);
    }

    /** Who may use {@link #readModelRebuildRoutes}: global admins only. */
    @Bean
    public ReadModelRebuildAccess projectionsRoutes(ReadModelDatabase projectionsReadModelDatabase) {
        return new ReadModelRebuildAccess(projectionsReadModelDatabase);
    }

    @Bean
    public ReadModelRebuildEndpoint readModelRebuildEndpoint(ReadModelRebuild readModelRebuild) {
        return new ReadModelRebuildEndpoint(readModelRebuild);
    }

    /** Kafka settings of the projections and the listener containers built from them. */
    public static final class ProjectionsKafka {

        private final Supplier<Map<String, Object>> base;
        private final String topic;
        private final int concurrency;
        private final boolean autoStartup;

        ProjectionsKafka(Supplier<Map<String, Object>> base, String topic, int concurrency, boolean autoStartup) {
            this.base = base;
            this.topic = topic;
            this.concurrency = concurrency;
            this.autoStartup = autoStartup;
        }

        public String topic() {
            return topic;
        }

        /** Consumer settings shared by the listeners and the rebuild's own consumer. */
        public Map<String, Object> consumerProperties() {
            Map<String, Object> properties = new HashMap<>(base.get());
            properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
            // positions live with the read models; Kafka's committed offsets are informative only
            properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            // the topic is created by the publisher with its retention and partitions, never by a consumer
            properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
            properties.putIfAbsent(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 10_000);
            // large batches when catching up (a batch is whatever is there, so latency does not suffer)
            properties.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
            properties.putIfAbsent(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
            properties.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
            properties.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            return properties;
        }

        /**
         * The consumer settings of a listener container of {@code groupId}; a positive
         * {@code fetchMaxWait} lets the broker hold each fetch until that long has passed or a megabyte
         * has come (fewer, larger batches; a catching-up consumer is not slowed: its megabyte is there).
         */
        Map<String, Object> containerConsumerProperties(String groupId, int maxPollRecords, Duration fetchMaxWait) {
            Map<String, Object> properties = consumerProperties();
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
            properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
            if (fetchMaxWait.isPositive()) {
                properties.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1024 * 1024);
                properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) fetchMaxWait.toMillis());
            }
            return properties;
        }

        ConcurrentMessageListenerContainer<String, byte[]> container(String groupId, ProjectionListener listener,
                                                                     String threadPrefix, int maxPollRecords,
                                                                     Duration fetchMaxWait) {
            Map<String, Object> properties = containerConsumerProperties(groupId, maxPollRecords, fetchMaxWait);
            DefaultKafkaConsumerFactory<String, byte[]> factory = new DefaultKafkaConsumerFactory<>(properties,
                    new StringDeserializer(), new ByteArrayDeserializer());
            ContainerProperties container = new ContainerProperties(topic);
            container.setGroupId(groupId);
            container.setMessageListener(listener);
            container.setConsumerRebalanceListener(listener);
            container.setAckMode(ContainerProperties.AckMode.BATCH);
            container.setPollTimeout(1_000);
            // platform threads, not virtual: a projector makes several database round trips per batch,
            // and a virtual thread waking from each one queues for a carrier behind every runnable
            // request (2 carriers on 2 cores), which put ~200 ms on every batch under load (measured,
            // docs/benchmarks.md); the kernel's scheduler runs a woken platform thread at once
            SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(threadPrefix);
            container.setListenerTaskExecutor(executor);
            ConcurrentMessageListenerContainer<String, byte[]> result =
                    new ConcurrentMessageListenerContainer<>(factory, container);
            result.setConcurrency(concurrency);
            result.setAutoStartup(autoStartup);
            // never skip a record: retry the same batch with back-off until it applies (database or
            // Elasticsearch down); records that can never apply are parked by the projectors instead
            ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
            backOff.setMaxInterval(30_000);
            backOff.setMaxElapsedTime(Long.MAX_VALUE);
            result.setCommonErrorHandler(new DefaultErrorHandler(backOff));
            return result;
        }
    }
}
