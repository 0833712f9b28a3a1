package dev.modelregistry.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Elasticsearch from the server distribution zip that Maven Central serves
 * ({@code org.elasticsearch.distribution.integ-test-zip:elasticsearch}), unpacked by the build (see
 * {@link ServicesHome}). Runs {@code bin/elasticsearch} as a child process on the JDK of this JVM
 * ({@code ES_JAVA_HOME}), HTTP on 127.0.0.1 without security. Elasticsearch refuses to run as root:
 * as root, it runs as an unprivileged system user ({@value #DEFAULT_USER} by default, created with
 * {@code useradd -r} if missing) through {@code runuser}, and that user owns the directory.
 *
 * <p>This distribution carries only the core modules: the standard analyzer and the lowercase
 * normalizer work, language analyzers, asciifolding, search_as_you_type and flattened do not.
 *
 * <p>Layout of the directory: {@code config/} (elasticsearch.yml, jvm.options, written at every
 * start), {@code data/}, {@code logs/} ({@code model-registry.log}, {@code console.log}), {@code tmp/}.
 */
public final class EmbeddedElasticsearch implements AutoCloseable {

    public static final String DEFAULT_USER = "registry-es";
    public static final String CLUSTER_NAME = "model-registry";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedElasticsearch.class);

    private final Path directory;
    private final boolean randomPorts;
    private int httpPort;
    private int transportPort;
    private final String heap;
    private final String runAsUser;
    private final Map<String, String> settings;
    private final List<String> jvmArgs;
    private final Duration startupTimeout;
    private final Duration stopTimeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private ChildProcess process;
    private DirectoryLock lock;
    private final ExitHook exitHook;
    private Duration lastStartDuration = Duration.ZERO;
    private boolean startedBefore;

    private EmbeddedElasticsearch(Builder builder) {
        this.directory = builder.directory.toAbsolutePath();
        this.randomPorts = builder.httpPort == 0 && builder.transportPort == 0;
        this.httpPort = Ports.resolve(builder.httpPort);
        this.transportPort = builder.transportPort > 0 ? builder.transportPort : freePortOtherThan(httpPort);
        this.heap = builder.heap;
        this.runAsUser = builder.runAsUser;
        this.settings = Map.copyOf(builder.settings);
        this.jvmArgs = List.copyOf(builder.jvmArgs);
        this.startupTimeout = builder.startupTimeout;
        this.exitHook = new ExitHook("embedded-elasticsearch-shutdown", builder.stopAtJvmExit);
        this.stopTimeout = builder.stopTimeout;
    }

    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** Starts the node and waits until the cluster is at least yellow. Idempotent. */
    public synchronized EmbeddedElasticsearch start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        if (process != null) { // it died: clean up before starting again
            log.warn("Elasticsearch had exited (exit {}); starting it again", process.exitCode().orElse(-1));
            stop();
        }
        long started = System.nanoTime();
        lock = DirectoryLock.acquire(directory, "Elasticsearch");
        try {
            Path pidFile = directory.resolve("elasticsearch.pid");
            ChildProcess.killStale("Elasticsearch", pidFile, directory.toString());
            boolean cold = !Files.isDirectory(directory.resolve("data/_state"));
            Path home = ServicesHome.elasticsearchHome();
            boolean asOtherUser = OsUser.isRoot();
            if (asOtherUser) {
                OsUser.ensureSystemUser(runAsUser);
                home = reachableHome(home);
            }
            for (int attempt = 1; ; attempt++) {
                Ports.requireFree("Elasticsearch", "the HTTP", httpPort);
                Ports.requireFree("Elasticsearch", "the transport", transportPort);
                writeConfiguration(home);
                if (asOtherUser) {
                    OsUser.chownRecursively(runAsUser, directory);
                    if (!OsUser.can(runAsUser, "test -w \"$1/data\" && test -w \"$1/logs\"", directory.toString())) {
                        throw new IllegalStateException("Elasticsearch runs as user " + runAsUser + ", which cannot reach "
                                + directory + ": give it search permission (chmod o+x) on the parent directories, or"
                                + " choose a data directory it can reach");
                    }
                }
                process = ChildProcess.start("elasticsearch", command(home, asOtherUser), directory, Map.of(),
                        Set.of("ES_JAVA_OPTS", "JAVA_TOOL_OPTIONS", "ES_HOME", "ES_PATH_CONF", "JAVA_HOME"),
                        directory.resolve("logs/console.log"), pidFile);
                try {
                    awaitReady(started);
                    break;
                } catch (IllegalStateException e) {
                    if (attempt < 3 && randomPorts && !startedBefore && portClash()) {
                        process.stop(stopTimeout);
                        httpPort = Ports.free();
                        transportPort = freePortOtherThan(httpPort);
                        log.info("Elasticsearch: port taken, retrying on {}/{}", httpPort, transportPort);
                        continue;
                    }
                    throw e;
                }
            }
            process.recordPids();
            startedBefore = true;
            exitHook.install(this::stopQuietly);
            lastStartDuration = Duration.ofNanos(System.nanoTime() - started);
            log.info("Elasticsearch {} listening on {} (transport {}{}), {} start ready in {} ms, data in {}",
                    ServicesHome.elasticsearchVersion(), url(), transportPort,
                    asOtherUser ? ", as user " + runAsUser : "", cold ? "cold" : "warm",
                    lastStartDuration.toMillis(), directory.resolve("data"));
            return this;
        } catch (IOException e) {
            stopQuietly();
            throw new UncheckedIOException("Elasticsearch did not start in " + directory, e);
        } catch (RuntimeException e) {
            stopQuietly();
            throw e;
        }
    }

    /** Stops the node (SIGTERM, killed after the stop timeout); the data stays. Idempotent. */
    public synchronized void stop() {
        if (process != null) {
            long started = System.nanoTime();
            // SIGTERM straight to the launcher JVM (it stops the server JVM): through runuser the
            // signal would cost 2 s more (runuser sleeps before exiting after forwarding one)
            Optional<ProcessHandle> launcher = process.tree().stream()
                    .filter(EmbeddedElasticsearch::isJava)
                    .filter(h -> h.parent().map(p -> !isJava(p)).orElse(true))
                    .findFirst();
            if (launcher.isPresent()) {
                process.stopVia(launcher.get(), stopTimeout);
            } else {
                process.stop(stopTimeout);
            }
            process = null;
            log.info("Elasticsearch on {} stopped in {} ms", url(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
        if (lock != null) {
            lock.close();
            lock = null;
        }
        exitHook.remove();
    }

    private static boolean isJava(ProcessHandle handle) {
        return handle.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            log.warn("Elasticsearch: stop failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** http://127.0.0.1:port */
    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public int transportPort() {
        return transportPort;
    }

    public Path directory() {
        return directory;
    }

    public Duration lastStartDuration() {
        return lastStartDuration;
    }

    /** Resident memory of the process tree (launcher + server JVM) in bytes (Linux), -1 if unknown. */
    public synchronized long residentBytes() {
        return process == null ? -1 : process.residentBytes();
    }

    private List<String> command(Path home, boolean asOtherUser) {
        List<String> command = new ArrayList<>();
        if (asOtherUser) {
            command.addAll(List.of(OsUser.executable("runuser"), "-u", runAsUser, "--"));
        }
        command.add("env");
        command.add("ES_JAVA_HOME=" + System.getProperty("java.home"));
        command.add("ES_PATH_CONF=" + directory.resolve("config"));
        command.add("ES_TMPDIR=" + directory.resolve("tmp"));
        // the launcher's own JVM makes a temporary directory per start (JVM flag detection) and leaves it;
        // the option is split on spaces by the launcher script, so a path with spaces keeps the default
        String tmp = directory.resolve("tmp").toString();
        if (!tmp.contains(" ")) {
            command.add("CLI_JAVA_OPTS=-Djava.io.tmpdir=" + tmp);
        }
        command.add(home.resolve("bin/elasticsearch").toString());
        return command;
    }

    private void writeConfiguration(Path home) throws IOException {
        Path config = directory.resolve("config");
        for (String dir : List.of("config/jvm.options.d", "data", "logs", "tmp")) {
            Files.createDirectories(directory.resolve(dir));
        }
        // the distribution's config files (log4j2.properties, roles, ...), ours win
        try (Stream<Path> files = Files.list(home.resolve("config"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, config.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        // relative diagnostic paths resolve against the server's working directory: make them absolute
        Path logs = directory.resolve("logs");
        String jvmOptions = Files.readString(home.resolve("config/jvm.options"), StandardCharsets.UTF_8)
                .replace("-XX:ErrorFile=hs_err_pid%p.log", "-XX:ErrorFile=" + logs.resolve("hs_err_pid%p.log"))
                .replace("-XX:+HeapDumpOnOutOfMemoryError", "-XX:+HeapDumpOnOutOfMemoryError\n-XX:HeapDumpPath=" + logs)
                .replaceAll("file=gc\\.log:([^:]*):filecount=\\d+,filesize=\\d+m",
                        "file=" + logs.resolve("gc.log").toString().replace("\\", "\\\\") + ":$1:filecount=4,filesize=16m");
        Files.writeString(config.resolve("jvm.options"), jvmOptions, StandardCharsets.UTF_8);
        // no pre-touch: ~170 MB less resident memory for a small embedded node
        StringBuilder options = new StringBuilder("-Xms" + heap + "\n-Xmx" + heap + "\n-XX:-AlwaysPreTouch\n");
        jvmArgs.forEach(arg -> options.append(arg).append('\n'));
        Files.writeString(config.resolve("jvm.options.d/registry.options"), options, StandardCharsets.UTF_8);

        Map<String, String> yml = new LinkedHashMap<>();
        yml.put("cluster.name", CLUSTER_NAME);
        yml.put("node.name", "registry");
        yml.put("discovery.type", "single-node");
        yml.put("network.host", "127.0.0.1");
        yml.put("http.port", Integer.toString(httpPort));
        yml.put("transport.port", Integer.toString(transportPort));
        yml.put("path.data", directory.resolve("data").toString());
        yml.put("path.logs", logs.toString());
        // a developer's disk at 90 % must not turn the indices read-only
        yml.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        // settings of modules this distribution may lack: unknown settings stop the node
        if (Files.isDirectory(home.resolve("modules/x-pack-security"))) {
            yml.put("xpack.security.enabled", "false");
        }
        if (Files.isDirectory(home.resolve("modules/x-pack-ml"))) {
            yml.put("xpack.ml.enabled", "false");
        }
        if (Files.isDirectory(home.resolve("modules/ingest-geoip"))) {
            yml.put("ingest.geoip.downloader.enabled", "false");
        }
        yml.putAll(settings);
        StringBuilder text = new StringBuilder("# written by dev.modelregistry.embedded.EmbeddedElasticsearch at every start\n");
        yml.forEach((k, v) -> text.append(k).append(": \"").append(v.replace("\\", "\\\\").replace("\"", "\\\""))
                .append("\"\n"));
        Files.writeString(config.resolve("elasticsearch.yml"), text, StandardCharsets.UTF_8);
    }

    /** The unprivileged user must read the distribution; if it cannot, use a copy it can read. */
    private Path reachableHome(Path home) throws IOException {
        String test = "test -x \"$1/bin/elasticsearch\" && test -r \"$1/lib\" && ls \"$1/lib\" \"$1/modules\" >/dev/null";
        if (OsUser.can(runAsUser, test, home.toString())) {
            return home;
        }
        Path copy = directory.getParent().resolve("elasticsearch-distribution").resolve(home.getFileName().toString());
        if (!ServicesHome.isElasticsearchHome(copy)) {
            log.info("Elasticsearch: user {} cannot read {}; copying it to {}", runAsUser, home, copy);
            FileTrees.copyRecursively(home, copy);
        }
        OsUser.chownRecursively(runAsUser, copy.getParent());
        if (!OsUser.can(runAsUser, test, copy.toString())) {
            throw new IllegalStateException("Elasticsearch runs as user " + runAsUser + ", which can read neither "
                    + home + " nor " + copy + ": give it search permission (chmod o+x) on the parent directories");
        }
        return copy;
    }

    private void awaitReady(long started) {
        long deadline = started + startupTimeout.toNanos();
        URI health = URI.create(url() + "/_cluster/health?wait_for_status=yellow&timeout=1s");
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Elasticsearch exited during start-up (exit "
                        + process.exitCode().orElse(-1) + "). Last lines of " + directory.resolve("logs") + ":\n" + logTail());
            }
            if (Ports.accepts(httpPort)) {
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(3)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && !response.body().contains("\"status\":\"red\"")) {
                        requireOwnNode();
                        return;
                    }
                } catch (IOException e) {
                    log.debug("Elasticsearch not ready yet: {}", e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Elasticsearch not healthy after " + startupTimeout.toSeconds()
                        + " s. Last lines of " + directory.resolve("logs") + ":\n" + logTail());
            }
            ChildProcess.sleep(100);
        }
    }

    /** The node that answered must be ours: alive, with our data path. */
    private void requireOwnNode() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(url() + "/_nodes/_local/settings?filter_path=nodes.*.settings.path"))
                .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
        String data = directory.resolve("data").toString();
        if (!process.isAlive() || !response.body().contains(data.replace("\\", "\\\\"))) {
            throw new IllegalStateException("Elasticsearch: the node answering on " + url() + " is not the one of "
                    + directory + " (" + response.body() + "): another node uses the port");
        }
    }

    private String logTail() {
        return ChildProcess.tail(directory.resolve("logs/" + CLUSTER_NAME + ".log"), 20) + "\n"
                + ChildProcess.tail(directory.resolve("logs/console.log"), 20);
    }

    private boolean portClash() {
        String text = logTail();
        return text.contains("BindException") || text.contains("Address already in use");
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
        private int httpPort;
        private int transportPort;
        private String heap = "512m";
        private String runAsUser = DEFAULT_USER;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private Duration startupTimeout = Duration.ofSeconds(120);
        private Duration stopTimeout = Duration.ofSeconds(30);

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /** 0 (default) = a free port, chosen once and kept across stop/start. */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** 0 (default) = a free port. */
        public Builder transportPort(int port) {
            this.transportPort = port;
            return this;
        }

        /** -Xms and -Xmx of the node, e.g. "512m" (default). */
        public Builder heap(String heap) {
            this.heap = Objects.requireNonNull(heap);
            return this;
        }

        /** The user the node runs as when this JVM runs as root (default {@value #DEFAULT_USER}). */
        public Builder runAsUser(String user) {
            this.runAsUser = Objects.requireNonNull(user);
            return this;
        }

        /** Any elasticsearch.yml setting this distribution accepts; wins over the generated ones. */
        public Builder setting(String key, String value) {
            settings.put(key, value);
            return this;
        }

        /** An extra line for jvm.options. */
        public Builder jvmArg(String arg) {
            jvmArgs.add(arg);
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

        public EmbeddedElasticsearch build() {
            return new EmbeddedElasticsearch(this);
        }

        public EmbeddedElasticsearch start() {
            return build().start();
        }
    }
}
