package dev.modelregistry.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL, Kafka and Elasticsearch for the registry, from one of three {@link Provider}s:
 * started by this JVM ({@code embedded}, the default), already running ({@code external}), or in
 * Docker containers ({@code testcontainers}). {@link #endpoints()} tells where they listen.
 *
 * <p>Embedded layout under the base directory: {@code postgres/}, {@code kafka/}, {@code elasticsearch/}.
 * The three start in parallel (Elasticsearch takes longest). Tests share one set per JVM through
 * {@link #shared()}.
 */
public final class RegistryServices implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RegistryServices.class);
    private static RegistryServices shared;

    private final ServicesConfig config;
    private final Path baseDirectory;
    private final boolean temporaryDirectory;
    private final EmbeddedPostgres postgres;
    private final EmbeddedKafka kafka;
    private final EmbeddedElasticsearch elasticsearch;
    private final AutoCloseable containers;
    private final ServiceEndpoints endpoints;
    private final ExitHook exitHook = new ExitHook("registry-services-shutdown", true);
    private boolean closed;

    private RegistryServices(ServicesConfig config, Path baseDirectory, boolean temporaryDirectory,
                             EmbeddedPostgres postgres, EmbeddedKafka kafka, EmbeddedElasticsearch elasticsearch,
                             AutoCloseable containers, ServiceEndpoints endpoints) {
        this.config = config;
        this.baseDirectory = baseDirectory;
        this.temporaryDirectory = temporaryDirectory;
        this.postgres = postgres;
        this.kafka = kafka;
        this.elasticsearch = elasticsearch;
        this.containers = containers;
        this.endpoints = endpoints;
    }

    /** Starts (or finds) the services and returns once all three are ready. */
    public static RegistryServices start(ServicesConfig config) {
        long started = System.nanoTime();
        RegistryServices services = switch (config.provider()) {
            case EXTERNAL -> {
                ServiceEndpoints external = config.external().orElseThrow();
                log.info("Using external services: {}", external);
                yield new RegistryServices(config, null, false, null, null, null, null, external);
            }
            case TESTCONTAINERS -> startContainers(config);
            case EMBEDDED -> startEmbedded(config);
        };
        log.info("Services ({}) ready in {} ms: {}", config.provider().name().toLowerCase(),
                (System.nanoTime() - started) / 1_000_000, services.endpoints());
        services.exitHook.install(services::close);
        return services;
    }

    /**
     * One set of services per JVM, started on first use with {@code fromEnvironment(forTests())}
     * and stopped (temporary data deleted) when the JVM exits. Meant for integration tests.
     */
    public static synchronized RegistryServices shared() {
        if (shared == null) {
            shared = start(ServicesConfig.fromEnvironment(ServicesConfig.forTests()));
        }
        return shared;
    }

    private static RegistryServices startEmbedded(ServicesConfig config) {
        // fixed ports first: fail in milliseconds, not after Elasticsearch took 10 s to start
        List<String> taken = new ArrayList<>();
        for (int port : List.of(config.postgresPort(), config.kafkaPort(), config.kafkaControllerPort(),
                config.elasticsearchPort(), config.elasticsearchTransportPort())) {
            if (port > 0 && !Ports.bindable(port)) {
                taken.add(Integer.toString(port));
            }
        }
        if (!taken.isEmpty()) {
            throw new IllegalStateException("Port(s) " + String.join(", ", taken) + " on 127.0.0.1 are in use by"
                    + " another process: stop it or choose other ports (registry.services.*.port, 0 = any free port)");
        }
        boolean temporary = config.baseDirectory().isEmpty();
        Path base = config.baseDirectory().orElseGet(RegistryServices::createTemporaryDirectory);
        try {
            Files.createDirectories(base);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + base, e);
        }
        EmbeddedPostgres.Builder postgresBuilder = EmbeddedPostgres.builder(base.resolve("postgres"))
                .port(config.postgresPort())
                .durable(config.durable())
                .startupTimeout(config.startupTimeout())
                .stopAtJvmExit(false);
        config.postgresSettings().forEach(postgresBuilder::serverConfig);
        EmbeddedPostgres postgres = postgresBuilder.build();
        EmbeddedKafka.Builder kafkaBuilder = EmbeddedKafka.builder(base.resolve("kafka"))
                .port(config.kafkaPort())
                .controllerPort(config.kafkaControllerPort())
                .heap(config.kafkaHeap())
                .durable(config.durable())
                .startupTimeout(config.startupTimeout())
                .stopAtJvmExit(false);
        config.kafkaSettings().forEach(kafkaBuilder::brokerConfig);
        EmbeddedElasticsearch.Builder elasticsearchBuilder = EmbeddedElasticsearch.builder(base.resolve("elasticsearch"))
                .httpPort(config.elasticsearchPort())
                .transportPort(config.elasticsearchTransportPort())
                .heap(config.elasticsearchHeap())
                .runAsUser(config.elasticsearchUser())
                .startupTimeout(config.startupTimeout())
                .stopAtJvmExit(false);
        if (config.fastStartup()) {
            // C1 only: on two busy cores Elasticsearch gets healthy in ~2/3 of the time
            kafkaBuilder.jvmArg("-XX:TieredStopAtLevel=1");
            elasticsearchBuilder.jvmArg("-XX:TieredStopAtLevel=1");
        }
        EmbeddedKafka kafka = kafkaBuilder.build();
        EmbeddedElasticsearch elasticsearch = elasticsearchBuilder.build();
        log.info("Starting embedded PostgreSQL, Kafka and Elasticsearch in {}", base);
        ExecutorService executor = Executors.newFixedThreadPool(3, r -> {
            Thread thread = new Thread(r, "registry-services-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            // the slowest first
            List<CompletableFuture<?>> starts = List.of(
                    CompletableFuture.supplyAsync(elasticsearch::start, executor),
                    CompletableFuture.supplyAsync(kafka::start, executor),
                    CompletableFuture.supplyAsync(postgres::start, executor));
            List<Throwable> failures = new ArrayList<>();
            for (CompletableFuture<?> start : starts) {
                try {
                    start.join();
                } catch (CompletionException e) {
                    failures.add(e.getCause());
                }
            }
            if (!failures.isEmpty()) {
                parallel(List.of(elasticsearch::stop, kafka::stop, postgres::stop));
                if (temporary) {
                    deleteQuietly(base);
                }
                IllegalStateException failure = new IllegalStateException("Embedded services did not start: "
                        + failures.getFirst().getMessage(), failures.getFirst());
                failures.stream().skip(1).forEach(failure::addSuppressed);
                throw failure;
            }
        } finally {
            executor.shutdown();
        }
        ServiceEndpoints endpoints = new ServiceEndpoints(postgres.jdbcUrl(), postgres.username(), postgres.password(),
                kafka.bootstrapServers(), elasticsearch.url());
        return new RegistryServices(config, base, temporary, postgres, kafka, elasticsearch, null, endpoints);
    }

    private static RegistryServices startContainers(ServicesConfig config) {
        try {
            TestcontainersServices containers = TestcontainersServices.start(config);
            return new RegistryServices(config, null, false, null, null, null, containers, containers.endpoints());
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("Provider testcontainers needs org.testcontainers:testcontainers-postgresql, "
                    + "testcontainers-kafka and testcontainers-elasticsearch on the class path (optional dependencies "
                    + "of embedded-services) and a Docker engine", e);
        }
    }

    private static Path createTemporaryDirectory() {
        try {
            Path dir = Files.createTempDirectory("registry-services-");
            // Elasticsearch may run as another (unprivileged) user: it must be able to traverse this directory
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("a POSIX file system is needed", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    public ServiceEndpoints endpoints() {
        return endpoints;
    }

    public Provider provider() {
        return config.provider();
    }

    public ServicesConfig config() {
        return config;
    }

    /** The embedded base directory (provider embedded only). */
    public Path baseDirectory() {
        return embedded(baseDirectory);
    }

    /** The embedded PostgreSQL, e.g. to stop and start it in a test (provider embedded only). */
    public EmbeddedPostgres postgres() {
        return embedded(postgres);
    }

    /** The embedded Kafka broker, e.g. to stop and start it in a test (provider embedded only). */
    public EmbeddedKafka kafka() {
        return embedded(kafka);
    }

    /** The embedded Elasticsearch node (provider embedded only). */
    public EmbeddedElasticsearch elasticsearch() {
        return embedded(elasticsearch);
    }

    private <T> T embedded(T service) {
        if (config.provider() != Provider.EMBEDDED) {
            throw new IllegalStateException("services are provided by " + config.provider() + ", not embedded");
        }
        return service;
    }

    /**
     * At JVM exit, closes {@code user} (the application on top of the services, so that it finishes
     * its work while they still run) and then the services. Replaces the plain exit hook.
     */
    public void closeAfter(AutoCloseable user) {
        exitHook.remove();
        exitHook.install(() -> {
            try {
                user.close();
            } catch (Exception e) {
                log.warn("Closing {} before the services failed: {}", user, e.toString());
            }
            close();
        });
    }

    /** Stops what this instance started; deletes the data if it was a temporary directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (config.provider() == Provider.EMBEDDED) {
            parallel(List.of(elasticsearch::stop, kafka::stop, postgres::stop));
            if (temporaryDirectory) {
                deleteQuietly(baseDirectory);
            }
        } else if (containers != null) {
            try {
                containers.close();
            } catch (Exception e) {
                log.warn("Stopping containers failed: {}", e.toString());
            }
        }
    }

    private static void parallel(List<Runnable> tasks) {
        List<Thread> threads = new ArrayList<>();
        for (Runnable task : tasks) {
            Thread thread = new Thread(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("Stop failed: {}", e.toString());
                }
            }, "registry-services-stop");
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            FileTrees.deleteRecursively(dir);
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", dir, e.toString());
        }
    }
}
