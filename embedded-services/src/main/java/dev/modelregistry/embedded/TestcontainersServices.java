package dev.modelregistry.embedded;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Provider "testcontainers": the same three services as Docker containers. Only loaded when chosen;
 * needs the optional Testcontainers dependencies and a Docker engine. NOT exercised by this module's
 * tests (no Docker on the build machines); it compiles against Testcontainers 2.x.
 */
final class TestcontainersServices implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TestcontainersServices.class);

    private final PostgreSQLContainer postgres;
    private final KafkaContainer kafka;
    private final ElasticsearchContainer elasticsearch;

    private TestcontainersServices(PostgreSQLContainer postgres, KafkaContainer kafka, ElasticsearchContainer elasticsearch) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.elasticsearch = elasticsearch;
    }

    static TestcontainersServices start(ServicesConfig config) {
        PostgreSQLContainer postgres = new PostgreSQLContainer(DockerImageName.parse(config.testcontainersPostgresImage())
                .asCompatibleSubstituteFor("postgres"))
                .withDatabaseName(EmbeddedPostgres.DEFAULT_DATABASE)
                .withUsername("registry")
                .withPassword("registry");
        if (config.durable()) {
            postgres.withCommand("postgres", "-c", "fsync=on", "-c", "synchronous_commit=on", "-c", "full_page_writes=on");
        } else {
            postgres.withCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
        }
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(config.testcontainersKafkaImage())
                .asCompatibleSubstituteFor("apache/kafka"))
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_HEAP_OPTS", "-Xmx" + config.kafkaHeap());
        ElasticsearchContainer elasticsearch = new ElasticsearchContainer(
                DockerImageName.parse(config.testcontainersElasticsearchImage())
                        .asCompatibleSubstituteFor("docker.elastic.co/elasticsearch/elasticsearch"))
                .withEnv("xpack.security.enabled", "false")
                .withEnv("discovery.type", "single-node")
                .withEnv("cluster.routing.allocation.disk.threshold_enabled", "false")
                .withEnv("ES_JAVA_OPTS", "-Xms" + config.elasticsearchHeap() + " -Xmx" + config.elasticsearchHeap())
                .withStartupTimeout(config.startupTimeout().plus(Duration.ofSeconds(60)));
        log.info("Starting containers {}, {}, {}", config.testcontainersPostgresImage(),
                config.testcontainersKafkaImage(), config.testcontainersElasticsearchImage());
        Startables.deepStart(postgres, kafka, elasticsearch).join();
        return new TestcontainersServices(postgres, kafka, elasticsearch);
    }

    ServiceEndpoints endpoints() {
        return new ServiceEndpoints(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(),
                kafka.getBootstrapServers(), "http://" + elasticsearch.getHttpHostAddress());
    }

    @Override
    public void close() {
        elasticsearch.stop();
        kafka.stop();
        postgres.stop();
    }
}
