package dev.modelregistry.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kafka broker (KRaft, one node that is broker and controller) in a child JVM started from
 * the Apache Kafka jars the build materialised (see {@link ServicesHome}). The storage is formatted
 * once ({@code kafka.tools.StorageTool format}); the data and the ports survive {@link #stop()} and
 * {@link #start()}. The child runs on the JDK of this JVM, logs with log4j2 to {@code logs/server.log}
 * in its directory, and is stopped when this JVM exits or dies.
 *
 * <p>Layout of the directory: {@code server.properties}, {@code log4j2.xml}, {@code data/}
 * (log.dirs and the KRaft metadata log), {@code logs/} (server.log, console.log).
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final Path directory;
    private final boolean randomPorts;
    private int port;
    private int controllerPort;
    private final String heap;
    private final List<String> jvmArgs;
    private final Map<String, String> brokerConfig;
    private final boolean durable;
    private final Duration startupTimeout;
    private final Duration stopTimeout;

    private ChildProcess process;
    private ClassDataSharing cds;
    private DirectoryLock lock;
    private final ExitHook exitHook;
    private Duration lastStartDuration = Duration.ZERO;
    private boolean startedBefore;

    private EmbeddedKafka(Builder builder) {
        this.directory = builder.directory.toAbsolutePath();
        this.randomPorts = builder.port == 0 && builder.controllerPort == 0;
        this.port = Ports.resolve(builder.port);
        this.controllerPort = builder.controllerPort > 0 ? builder.controllerPort : freePortOtherThan(port);
        this.heap = builder.heap;
        this.jvmArgs = List.copyOf(builder.jvmArgs);
        this.brokerConfig = Map.copyOf(builder.brokerConfig);
        this.durable = builder.durable;
        this.startupTimeout = builder.startupTimeout;
        this.exitHook = new ExitHook("embedded-kafka-shutdown", builder.stopAtJvmExit);
        this.stopTimeout = builder.stopTimeout;
    }

    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** Starts the broker and waits until it answers metadata requests. Idempotent. */
    public synchronized EmbeddedKafka start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        if (process != null) { // it died: clean up before starting again
            log.warn("Kafka had exited (exit {}); starting it again", process.exitCode().orElse(-1));
            stop();
        }
        long started = System.nanoTime();
        lock = DirectoryLock.acquire(directory, "Kafka");
        try {
            Path pidFile = directory.resolve("kafka.pid");
            ChildProcess.killStale("Kafka", pidFile, directory.toString());
            Files.createDirectories(directory.resolve("logs"));
            List<Path> classpath = ServicesHome.kafkaBrokerClasspath();
            cds = ClassDataSharing.forClasspath("kafka-" + ServicesHome.kafkaVersion(), classpath);
            boolean cold = !Files.exists(directory.resolve("data/meta.properties"));
            for (int attempt = 1; ; attempt++) {
                Ports.requireFree("Kafka", "the listener", port);
                Ports.requireFree("Kafka", "the controller", controllerPort);
                writeConfiguration();
                if (!Files.exists(directory.resolve("data/meta.properties"))) {
                    format(classpath);
                }
                process = ChildProcess.start("kafka", command(classpath,
                                cds == null ? List.of() : cds.recordingOptions(), "kafka.Kafka",
                                directory.resolve("server.properties").toString()),
                        directory, Map.of(), Set.of("KAFKA_OPTS", "JAVA_TOOL_OPTIONS"),
                        directory.resolve("logs/console.log"), pidFile);
                try {
                    awaitReady(started);
                    break;
                } catch (IllegalStateException e) {
                    if (attempt < 3 && randomPorts && !startedBefore && portClash()) {
                        // another process took a port between choosing and binding it
                        stopProcess();
                        port = Ports.free();
                        controllerPort = freePortOtherThan(port);
                        log.info("Kafka: port taken, retrying on {}/{}", port, controllerPort);
                        continue;
                    }
                    throw e;
                }
            }
            process.recordPids();
            startedBefore = true;
            exitHook.install(this::stopQuietly);
            lastStartDuration = Duration.ofNanos(System.nanoTime() - started);
            log.info("Kafka {} listening on {} (controller {}), {} start ready in {} ms, data in {}",
                    ServicesHome.kafkaVersion(), bootstrapServers(), controllerPort, cold ? "cold" : "warm",
                    lastStartDuration.toMillis(), directory.resolve("data"));
            return this;
        } catch (IOException e) {
            stopQuietly();
            throw new UncheckedIOException("Kafka did not start in " + directory, e);
        } catch (RuntimeException e) {
            stopQuietly();
            throw e;
        }
    }

    /** Stops the broker (controlled shutdown, killed after the stop timeout); the data stays. */
    public synchronized void stop() {
        if (process != null) {
            long started = System.nanoTime();
            stopProcess();
            log.info("Kafka on {} stopped in {} ms", bootstrapServers(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
        if (lock != null) {
            lock.close();
            lock = null;
        }
        exitHook.remove();
    }

    private void stopProcess() {
        boolean graceful = process.stop(stopTimeout);
        process = null;
        if (cds != null) {
            cds.publish(graceful);
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            log.warn("Kafka: stop failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path directory() {
        return directory;
    }

    public Duration lastStartDuration() {
        return lastStartDuration;
    }

    /** Resident memory of the broker process tree in bytes (Linux), -1 if unknown or stopped. */
    public synchronized long residentBytes() {
        return process == null ? -1 : process.residentBytes();
    }

    private List<String> command(List<Path> classpath, List<String> cdsOptions, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        command.addAll(cdsOptions);
        command.addAll(List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35",
                "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + directory.resolve("log4j2.xml"),
                "-Dkafka.logs.dir=" + directory.resolve("logs")));
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private void writeConfiguration() throws IOException {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        config.put("log.dirs", directory.resolve("data").toString());
        config.put("num.partitions", "1");
        config.put("auto.create.topics.enable", "false");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "1");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "1");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "4");
        if (durable) {
            // one node, no replicas: an acknowledged record is only safe from a power loss once on disk
            config.put("log.flush.interval.messages", "1");
        }
        config.putAll(brokerConfig);
        StringBuilder text = new StringBuilder("# written by dev.modelregistry.embedded.EmbeddedKafka at every start\n");
        config.forEach((k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Files.writeString(directory.resolve("server.properties"), text, StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("log4j2.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <Configuration status="warn">
                  <Appenders>
                    <RollingFile name="server" fileName="${sys:kafka.logs.dir}/server.log"
                                 filePattern="${sys:kafka.logs.dir}/server.log.%i">
                      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
                      <Policies><SizeBasedTriggeringPolicy size="20 MB"/></Policies>
                      <DefaultRolloverStrategy max="5"/>
                    </RollingFile>
                  </Appenders>
                  <Loggers>
                    <Root level="INFO"><AppenderRef ref="server"/></Root>
                    <Logger name="kafka.request.logger" level="WARN"/>
                    <Logger name="org.apache.kafka.clients" level="WARN"/>
                  </Loggers>
                </Configuration>
                """, StandardCharsets.UTF_8);
    }

    /** kafka-storage format, once per data directory. */
    private void format(List<Path> classpath) {
        String clusterId = Uuid.randomUuid().toString();
        log.info("Kafka: formatting {} (cluster id {})", directory.resolve("data"), clusterId);
        ChildProcess formatter = ChildProcess.start("kafka-format",
                command(classpath, cds == null ? List.of() : cds.readingOptions(), "kafka.tools.StorageTool", "format", "--cluster-id", clusterId,
                        "--config", directory.resolve("server.properties").toString(), "--ignore-formatted"),
                directory, Map.of(), Set.of("KAFKA_OPTS", "JAVA_TOOL_OPTIONS"),
                directory.resolve("logs/format.log"), directory.resolve("kafka-format.pid"));
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (formatter.isAlive() && System.nanoTime() < deadline) {
            ChildProcess.sleep(50);
        }
        if (formatter.isAlive()) {
            formatter.stop(Duration.ofSeconds(5));
            throw new IllegalStateException("Kafka: storage format timed out; see " + directory.resolve("logs/format.log"));
        }
        int exit = formatter.exitCode().orElse(-1);
        if (exit != 0) {
            throw new IllegalStateException("Kafka: storage format failed (exit " + exit + "):\n"
                    + formatter.outputTail(30));
        }
    }

    private void awaitReady(long started) {
        long deadline = started + startupTimeout.toNanos();
        while (!Ports.accepts(port)) {
            failIfDead();
            if (System.nanoTime() > deadline) {
                throw notReady("port " + port + " not open");
            }
            ChildProcess.sleep(50);
        }
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-kafka-readiness");
        try (Admin admin = Admin.create(properties)) {
            while (true) {
                failIfDead();
                try {
                    var cluster = admin.describeCluster();
                    Collection<Node> nodes = cluster.nodes().get(3, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        admin.listTopics().names().get(3, TimeUnit.SECONDS);
                        requireOwnBroker(cluster.clusterId().get(3, TimeUnit.SECONDS));
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                } catch (IllegalStateException e) {
                    throw e;
                } catch (Exception e) {
                    log.debug("Kafka not ready yet: {}", e.toString());
                }
                if (System.nanoTime() > deadline) {
                    throw notReady("no metadata answer");
                }
                ChildProcess.sleep(100);
            }
        }
    }

    /** The broker that answered must be ours: alive, with the cluster id of our data directory. */
    private void requireOwnBroker(String clusterId) throws IOException {
        failIfDead();
        Properties meta = new Properties();
        try (var in = Files.newInputStream(directory.resolve("data/meta.properties"))) {
            meta.load(in);
        }
        if (!clusterId.equals(meta.getProperty("cluster.id"))) {
            throw new IllegalStateException("Kafka: the broker answering on " + bootstrapServers() + " has cluster id "
                    + clusterId + ", not the one of " + directory + " (" + meta.getProperty("cluster.id")
                    + "): another broker uses the port");
        }
    }

    private void failIfDead() {
        if (!process.isAlive()) {
            throw new IllegalStateException("Kafka exited during start-up (exit " + process.exitCode().orElse(-1)
                    + "). Last lines of " + directory.resolve("logs") + ":\n" + logTail());
        }
    }

    private IllegalStateException notReady(String why) {
        return new IllegalStateException("Kafka not ready after " + startupTimeout.toSeconds() + " s (" + why
                + "). Last lines of " + directory.resolve("logs") + ":\n" + logTail());
    }

    private String logTail() {
        return ChildProcess.tail(directory.resolve("logs/server.log"), 25) + "\n"
                + ChildProcess.tail(directory.resolve("logs/console.log"), 15);
    }

    private boolean portClash() {
        String text = logTail();
        return text.contains("Address already in use") || text.contains("BindException");
    }

    private static int freePortOtherThan(int port) {
        int other;
        do {
            other = Ports.free();
        } while (other == port);
        return other;
    }

    public static final class Builder {
        private boolean stopAtJvmExit = true;
        private final Path directory;
        private int port;
        private int controllerPort;
        private String heap = "512m";
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> brokerConfig = new LinkedHashMap<>();
        private boolean durable;
        private Duration startupTimeout = Duration.ofSeconds(90);
        private Duration stopTimeout = Duration.ofSeconds(30);

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /** PLAINTEXT listener; 0 (default) = a free port, chosen once and kept across stop/start. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** CONTROLLER listener; 0 (default) = a free port. */
        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        /** Maximum heap of the broker JVM, e.g. "512m" (default). */
        public Builder heap(String heap) {
            this.heap = Objects.requireNonNull(heap);
            return this;
        }

        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
            return this;
        }

        /** Any broker setting; wins over the generated ones. */
        public Builder brokerConfig(String key, String value) {
            brokerConfig.put(key, value);
            return this;
        }

        /** Flush every record to disk before acknowledging it (log.flush.interval.messages=1). */
        public Builder durable(boolean durable) {
            this.durable = durable;
            return this;
        }

        /**
         * Whether the service stops itself when the JVM exits (default). An owner that stops it in
         * order after the application using it turns this off.
         */
        public Builder stopAtJvmExit(boolean stopAtJvmExit) {
            this.stopAtJvmExit = stopAtJvmExit;
            return this;
        }

        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public EmbeddedKafka build() {
            return new EmbeddedKafka(this);
        }

        public EmbeddedKafka start() {
            return build().start();
        }
    }
}
