package dev.modelregistry.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * How {@link RegistryServices} provides the services. Start from {@link #forTests()} or
 * {@link #standalone(Path)}, adjust with {@link #toBuilder()}, and let {@link #fromEnvironment(ServicesConfig)}
 * apply system properties / environment variables (keys below; env name = upper case with
 * underscores, e.g. {@code REGISTRY_SERVICES_KAFKA_PORT}).
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><td>{@value #PROVIDER}</td><td>embedded (default), external, testcontainers</td></tr>
 * <tr><td>{@value #DATA_DIR}</td><td>base data directory (embedded); tests: a temporary directory deleted on close</td></tr>
 * <tr><td>{@value #DURABLE}</td><td>PostgreSQL fsync/synchronous_commit/full_page_writes on, Kafka flushes every record</td></tr>
 * <tr><td>{@value #FAST_STARTUP}</td><td>child JVMs JIT with C1 only: faster start on few cores, slower steady state (tests)</td></tr>
 * <tr><td>{@value #POSTGRES_PORT}, {@value #KAFKA_PORT}, {@value #KAFKA_CONTROLLER_PORT},
 * {@value #ELASTICSEARCH_PORT}, {@value #ELASTICSEARCH_TRANSPORT_PORT}</td><td>ports, 0 = free port</td></tr>
 * <tr><td>{@value #KAFKA_HEAP}, {@value #ELASTICSEARCH_HEAP}</td><td>child JVM heaps (512m)</td></tr>
 * <tr><td>{@value #POSTGRES_SETTINGS}, {@value #KAFKA_SETTINGS}</td><td>extra server settings, {@code key=value;...}</td></tr>
 * <tr><td>{@value #ELASTICSEARCH_USER}</td><td>user Elasticsearch runs as when this JVM is root (registry-es)</td></tr>
 * <tr><td>{@value #STARTUP_TIMEOUT}</td><td>seconds per service (120)</td></tr>
 * <tr><td>{@value #EXTERNAL_JDBC_URL}, {@value #EXTERNAL_USERNAME}, {@value #EXTERNAL_PASSWORD},
 * {@value #EXTERNAL_KAFKA}, {@value #EXTERNAL_ELASTICSEARCH}</td><td>addresses for provider external</td></tr>
 * <tr><td>{@value #TC_POSTGRES_IMAGE}, {@value #TC_KAFKA_IMAGE}, {@value #TC_ELASTICSEARCH_IMAGE}</td>
 * <td>images for provider testcontainers</td></tr>
 * </table>
 * The location of the Kafka jars and the Elasticsearch distribution is configured separately, see {@link ServicesHome}.
 */
public record ServicesConfig(
        Provider provider,
        Optional<Path> baseDirectory,
        boolean durable,
        boolean fastStartup,
        int postgresPort,
        int kafkaPort,
        int kafkaControllerPort,
        int elasticsearchPort,
        int elasticsearchTransportPort,
        String kafkaHeap,
        String elasticsearchHeap,
        String elasticsearchUser,
        Duration startupTimeout,
        Optional<ServiceEndpoints> external,
        String testcontainersPostgresImage,
        String testcontainersKafkaImage,
        String testcontainersElasticsearchImage,
        Map<String, String> postgresSettings,
        Map<String, String> kafkaSettings) {

    public static final String PROVIDER = "registry.services.provider";
    public static final String DATA_DIR = "registry.services.data-dir";
    public static final String DURABLE = "registry.services.durable";
    public static final String FAST_STARTUP = "registry.services.fast-startup";
    public static final String POSTGRES_PORT = "registry.services.postgres.port";
    /**
     * Extra postgresql.conf settings of the embedded PostgreSQL, {@code key=value} separated by
     * {@code ;} (e.g. {@code shared_preload_libraries=pg_stat_statements} to profile statements).
     */
    public static final String POSTGRES_SETTINGS = "registry.services.postgres.settings";
    /**
     * Extra server.properties settings of the embedded Kafka broker, {@code key=value} separated by
     * {@code ;}; they win over the generated ones (e.g. {@code log.flush.interval.messages=...}).
     */
    public static final String KAFKA_SETTINGS = "registry.services.kafka.settings";
    public static final String KAFKA_PORT = "registry.services.kafka.port";
    public static final String KAFKA_CONTROLLER_PORT = "registry.services.kafka.controller-port";
    public static final String KAFKA_HEAP = "registry.services.kafka.heap";
    public static final String ELASTICSEARCH_PORT = "registry.services.elasticsearch.port";
    public static final String ELASTICSEARCH_TRANSPORT_PORT = "registry.services.elasticsearch.transport-port";
    public static final String ELASTICSEARCH_HEAP = "registry.services.elasticsearch.heap";
    public static final String ELASTICSEARCH_USER = "registry.services.elasticsearch.user";
    public static final String STARTUP_TIMEOUT = "registry.services.startup-timeout";
    public static final String EXTERNAL_JDBC_URL = "registry.services.external.jdbc-url";
    public static final String EXTERNAL_USERNAME = "registry.services.external.username";
    public static final String EXTERNAL_PASSWORD = "registry.services.external.password";
    public static final String EXTERNAL_KAFKA = "registry.services.external.kafka-bootstrap-servers";
    public static final String EXTERNAL_ELASTICSEARCH = "registry.services.external.elasticsearch-url";
    public static final String TC_POSTGRES_IMAGE = "registry.services.testcontainers.postgres-image";
    public static final String TC_KAFKA_IMAGE = "registry.services.testcontainers.kafka-image";
    public static final String TC_ELASTICSEARCH_IMAGE = "registry.services.testcontainers.elasticsearch-image";

    /** Standalone defaults: fixed ports other programs can rely on. */
    public static final int STANDALONE_POSTGRES_PORT = 15432;
    public static final int STANDALONE_KAFKA_PORT = 19092;
    public static final int STANDALONE_KAFKA_CONTROLLER_PORT = 19093;
    public static final int STANDALONE_ELASTICSEARCH_PORT = 19200;
    public static final int STANDALONE_ELASTICSEARCH_TRANSPORT_PORT = 19300;

    public ServicesConfig {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(baseDirectory, "baseDirectory");
        Objects.requireNonNull(kafkaHeap, "kafkaHeap");
        Objects.requireNonNull(elasticsearchHeap, "elasticsearchHeap");
        Objects.requireNonNull(elasticsearchUser, "elasticsearchUser");
        postgresSettings = postgresSettings == null ? Map.of() : Map.copyOf(postgresSettings);
        kafkaSettings = kafkaSettings == null ? Map.of() : Map.copyOf(kafkaSettings);
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        Objects.requireNonNull(external, "external");
        if (provider == Provider.EXTERNAL && external.isEmpty()) {
            throw new IllegalArgumentException("provider external needs the addresses (" + EXTERNAL_JDBC_URL + ", "
                    + EXTERNAL_KAFKA + ", " + EXTERNAL_ELASTICSEARCH + ", ...)");
        }
    }

    /** Embedded, in a temporary directory deleted on close, free ports, test settings (no fsync, fast start-up). */
    public static ServicesConfig forTests() {
        return new Builder().fastStartup(true).build();
    }

    /** Embedded, data under {@code dataDirectory}, durable, fixed ports (15432, 19092/19093, 19200/19300). */
    public static ServicesConfig standalone(Path dataDirectory) {
        return new Builder()
                .baseDirectory(dataDirectory)
                .durable(true)
                .postgresPort(STANDALONE_POSTGRES_PORT)
                .kafkaPort(STANDALONE_KAFKA_PORT)
                .kafkaControllerPort(STANDALONE_KAFKA_CONTROLLER_PORT)
                .elasticsearchPort(STANDALONE_ELASTICSEARCH_PORT)
                .elasticsearchTransportPort(STANDALONE_ELASTICSEARCH_TRANSPORT_PORT)
                .build();
    }

    /** {@code defaults} with every setting present as system property or environment variable applied. */
    public static ServicesConfig fromEnvironment(ServicesConfig defaults) {
        Builder b = defaults.toBuilder();
        Settings.get(PROVIDER).map(Provider::parse).ifPresent(b::provider);
        Settings.getPath(DATA_DIR).ifPresent(b::baseDirectory);
        b.durable(Settings.getBoolean(DURABLE, defaults.durable()));
        b.fastStartup(Settings.getBoolean(FAST_STARTUP, defaults.fastStartup()));
        b.postgresPort(Settings.getInt(POSTGRES_PORT, defaults.postgresPort()));
        b.kafkaPort(Settings.getInt(KAFKA_PORT, defaults.kafkaPort()));
        b.kafkaControllerPort(Settings.getInt(KAFKA_CONTROLLER_PORT, defaults.kafkaControllerPort()));
        b.elasticsearchPort(Settings.getInt(ELASTICSEARCH_PORT, defaults.elasticsearchPort()));
        b.elasticsearchTransportPort(Settings.getInt(ELASTICSEARCH_TRANSPORT_PORT, defaults.elasticsearchTransportPort()));
        Settings.get(KAFKA_HEAP).ifPresent(b::kafkaHeap);
        Settings.get(ELASTICSEARCH_HEAP).ifPresent(b::elasticsearchHeap);
        Settings.get(ELASTICSEARCH_USER).ifPresent(b::elasticsearchUser);
        b.startupTimeout(Duration.ofSeconds(Settings.getInt(STARTUP_TIMEOUT, (int) defaults.startupTimeout().toSeconds())));
        Optional<String> jdbcUrl = Settings.get(EXTERNAL_JDBC_URL);
        if (jdbcUrl.isPresent() || Settings.get(EXTERNAL_KAFKA).isPresent() || Settings.get(EXTERNAL_ELASTICSEARCH).isPresent()) {
            b.external(new ServiceEndpoints(
                    required(EXTERNAL_JDBC_URL),
                    Settings.get(EXTERNAL_USERNAME).orElse("registry"),
                    Settings.get(EXTERNAL_PASSWORD).orElse(""),
                    required(EXTERNAL_KAFKA),
                    required(EXTERNAL_ELASTICSEARCH)));
        }
        Settings.get(TC_POSTGRES_IMAGE).ifPresent(b::testcontainersPostgresImage);
        Settings.get(TC_KAFKA_IMAGE).ifPresent(b::testcontainersKafkaImage);
        Settings.get(TC_ELASTICSEARCH_IMAGE).ifPresent(b::testcontainersElasticsearchImage);
        Settings.get(POSTGRES_SETTINGS).map(text -> parseSettings(POSTGRES_SETTINGS, text)).ifPresent(b::postgresSettings);
        Settings.get(KAFKA_SETTINGS).map(text -> parseSettings(KAFKA_SETTINGS, text)).ifPresent(b::kafkaSettings);
        return b.build();
    }

    private static String required(String key) {
        return Settings.get(key).orElseThrow(() -> new IllegalArgumentException(
                "provider external: " + key + " (env " + Settings.envName(key) + ") is not set"));
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code key=value;key=value} of the setting {@code name} -> map; a part without {@code =} is refused with its text. */
    static Map<String, String> parseSettings(String name, String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String part : text.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(name + ": '" + part.strip() + "' is not key=value");
            }
            settings.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
        }
        return settings;
    }

    public static final class Builder {
        private Provider provider = Provider.EMBEDDED;
        private Path baseDirectory;
        private boolean durable;
        private boolean fastStartup;
        private int postgresPort;
        private int kafkaPort;
        private int kafkaControllerPort;
        private int elasticsearchPort;
        private int elasticsearchTransportPort;
        private String kafkaHeap = "512m";
        private String elasticsearchHeap = "512m";
        private String elasticsearchUser = EmbeddedElasticsearch.DEFAULT_USER;
        private Map<String, String> postgresSettings = Map.of();
        private Map<String, String> kafkaSettings = Map.of();
        private Duration startupTimeout = Duration.ofSeconds(120);
        private ServiceEndpoints external;
        private String testcontainersPostgresImage = "postgres:16-alpine";
        private String testcontainersKafkaImage = "apache/kafka:" + ServicesHome.kafkaVersion();
        private String testcontainersElasticsearchImage =
                "docker.elastic.co/elasticsearch/elasticsearch:" + ServicesHome.elasticsearchVersion();

        private Builder() {
        }

        private Builder(ServicesConfig c) {
            provider = c.provider();
            baseDirectory = c.baseDirectory().orElse(null);
            durable = c.durable();
            fastStartup = c.fastStartup();
            postgresPort = c.postgresPort();
            kafkaPort = c.kafkaPort();
            kafkaControllerPort = c.kafkaControllerPort();
            elasticsearchPort = c.elasticsearchPort();
            elasticsearchTransportPort = c.elasticsearchTransportPort();
            kafkaHeap = c.kafkaHeap();
            elasticsearchHeap = c.elasticsearchHeap();
            elasticsearchUser = c.elasticsearchUser();
            startupTimeout = c.startupTimeout();
            external = c.external().orElse(null);
            testcontainersPostgresImage = c.testcontainersPostgresImage();
            testcontainersKafkaImage = c.testcontainersKafkaImage();
            testcontainersElasticsearchImage = c.testcontainersElasticsearchImage();
            postgresSettings = c.postgresSettings();
            kafkaSettings = c.kafkaSettings();
        }

        public Builder provider(Provider provider) {
            this.provider = provider;
            return this;
        }

        /** null = a temporary directory, deleted on close. */
        public Builder baseDirectory(Path baseDirectory) {
            this.baseDirectory = baseDirectory == null ? null : baseDirectory.toAbsolutePath();
            return this;
        }

        public Builder durable(boolean durable) {
            this.durable = durable;
            return this;
        }

        /** C1-only JIT for the Kafka and Elasticsearch JVMs: quicker start, slower steady state. */
        public Builder fastStartup(boolean fastStartup) {
            this.fastStartup = fastStartup;
            return this;
        }

        public Builder postgresPort(int port) {
            this.postgresPort = port;
            return this;
        }

        public Builder kafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        public Builder kafkaControllerPort(int port) {
            this.kafkaControllerPort = port;
            return this;
        }

        public Builder elasticsearchPort(int port) {
            this.elasticsearchPort = port;
            return this;
        }

        public Builder elasticsearchTransportPort(int port) {
            this.elasticsearchTransportPort = port;
            return this;
        }

        public Builder kafkaHeap(String heap) {
            this.kafkaHeap = heap;
            return this;
        }

        public Builder elasticsearchHeap(String heap) {
            this.elasticsearchHeap = heap;
            return this;
        }

        public Builder elasticsearchUser(String user) {
            this.elasticsearchUser = user;
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /** The addresses for provider external. */
        public Builder external(ServiceEndpoints endpoints) {
            this.external = endpoints;
            return this;
        }

        public Builder testcontainersPostgresImage(String image) {
            this.testcontainersPostgresImage = image;
            return this;
        }

        public Builder testcontainersKafkaImage(String image) {
            this.testcontainersKafkaImage = image;
            return this;
        }

        public Builder postgresSettings(Map<String, String> settings) {
            this.postgresSettings = settings;
            return this;
        }

        public Builder kafkaSettings(Map<String, String> settings) {
            this.kafkaSettings = settings;
            return this;
        }

        public Builder testcontainersElasticsearchImage(String image) {
            this.testcontainersElasticsearchImage = image;
            return this;
        }

        public ServicesConfig build() {
            return new ServicesConfig(provider, Optional.ofNullable(baseDirectory), durable, fastStartup, postgresPort, kafkaPort,
                    kafkaControllerPort, elasticsearchPort, elasticsearchTransportPort, kafkaHeap, elasticsearchHeap,
                    elasticsearchUser, startupTimeout, Optional.ofNullable(external), testcontainersPostgresImage,
                    testcontainersKafkaImage, testcontainersElasticsearchImage, postgresSettings, kafkaSettings);
        }
    }
}
