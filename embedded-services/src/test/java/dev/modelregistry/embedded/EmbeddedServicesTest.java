package dev.modelregistry.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the three real services once (in parallel, in a temporary directory) and uses each. */
class EmbeddedServicesTest {

    private static RegistryServices services;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        // one extra server setting each, to see that registry.services.*.settings reach the servers
        services = RegistryServices.start(ServicesConfig.forTests().toBuilder()
                .postgresSettings(Map.of("work_mem", "7MB"))
                .kafkaSettings(Map.of("log.retention.bytes", "123456789"))
                .build());
    }

    @AfterAll
    static void stop() {
        if (services != null) {
            Path base = services.baseDirectory();
            services.close();
            assertThat(base).doesNotExist();
        }
    }

    @Test
    void postgresAnswersInTheRegistryDatabase() throws Exception {
        ServiceEndpoints e = services.endpoints();
        assertThat(e.jdbcUrl()).endsWith("/registry");
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.username(), e.password());
             Statement s = c.createStatement()) {
            assertThat(single(s, "select 1")).isEqualTo("1");
            assertThat(single(s, "select current_database()")).isEqualTo("registry");
            assertThat(single(s, "show fsync")).isEqualTo("off"); // test settings
        }
    }

    @Test
    void extraServerSettingsReachPostgresAndTheKafkaBroker() throws Exception {
        ServiceEndpoints e = services.endpoints();
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.username(), e.password());
             Statement s = c.createStatement()) {
            assertThat(single(s, "show work_mem")).isEqualTo("7MB");
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrapServers()))) {
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
            assertThat(admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker)
                    .get("log.retention.bytes").value()).isEqualTo("123456789");
        }
    }

    @Test
    void kafkaKeepsRecordsAcrossARestart() throws Exception {
        EmbeddedKafka kafka = services.kafka();
        String bootstrap = services.endpoints().kafkaBootstrapServers();
        String topic = "embedded-test";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(topic, "model-a", "registered")).get(30, TimeUnit.SECONDS);
        }
        assertThat(consumeAll(bootstrap, topic)).containsExactly("model-a=registered");

        kafka.stop();
        assertThat(kafka.isRunning()).isFalse();
        assertThat(Ports.accepts(kafka.port())).isFalse();
        kafka.start();

        assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
        assertThat(consumeAll(bootstrap, topic)).containsExactly("model-a=registered");
    }

    @Test
    void elasticsearchIndexesAndSearches() throws Exception {
        String url = services.endpoints().elasticsearchUrl();
        assertThat(send("PUT", url + "/models", """
                {"settings": {"number_of_shards": 1, "number_of_replicas": 0},
                 "mappings": {"properties": {"name": {"type": "keyword"}, "description": {"type": "text"}}}}
                """).statusCode()).isEqualTo(200);
        assertThat(send("PUT", url + "/models/_doc/fraud-detector?refresh=wait_for",
                "{\"name\": \"fraud-detector\", \"description\": \"Gradient boosted trees for card fraud\"}")
                .statusCode()).isEqualTo(201);
        HttpResponse<String> search = send("POST", url + "/models/_search",
                "{\"query\": {\"match\": {\"description\": \"fraud trees\"}}}");
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(search.body()).contains("\"total\":{\"value\":1").contains("fraud-detector");
    }

    /** Standalone settings: durable and the data survive a restart. */
    @Test
    void durablePostgresKeepsDataAcrossARestart(@TempDir Path dir) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder(dir.resolve("pg")).durable(true).start();
        try {
            try (Connection c = postgres.connect("registry"); Statement s = c.createStatement()) {
                assertThat(single(s, "show fsync")).isEqualTo("on");
                assertThat(single(s, "show synchronous_commit")).isEqualTo("on");
                assertThat(single(s, "show full_page_writes")).isEqualTo("on");
                s.execute("create table t (v text)");
                s.execute("insert into t values ('kept')");
            }
            postgres.stop();
            postgres.start();
            try (Connection c = postgres.connect("registry"); Statement s = c.createStatement()) {
                assertThat(single(s, "select v from t")).isEqualTo("kept");
            }
        } finally {
            postgres.close();
        }
        assertThat(Files.exists(dir.resolve("pg/data/PG_VERSION"))).isTrue();
    }

    private static List<String> consumeAll(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (values.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.key() + "=" + r.value());
                }
            }
        }
        return values;
    }

    private static HttpResponse<String> send(String method, String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
