package dev.modelregistry.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives N concurrent clients against a running registry: each registers versions of its own
 * model and promotes every tenth one (Staging, then Production with archive_existing). A sample of
 * the commands (one in {@code --sample-every}, at most 8 at a time) is followed until the version is
 * visible in the PostgreSQL read model (GET of the version) and in search (filter on model and
 * version), both asked with {@code min_position} = the command's position: the read-model lag.
 * With {@code --data-dir} (the registry's data directory, Linux) it also reports the CPU time per
 * command of the registry, PostgreSQL, Kafka, Elasticsearch and itself ({@link CpuMeter}). With
 * {@code --rate=N} the clients register N versions per second between them on a fixed schedule (open
 * loop) instead of as fast as they are answered: the lag below saturation.
 *
 * <p>Each client is a platform thread with one keep-alive connection ({@link HttpConnection}) and
 * request bodies serialized once, so that the generator costs ~0.1 ms of CPU per command.
 *
 * <pre>
 * java -cp bench/target/classes dev.modelregistry.bench.RegistryLoad --url=http://127.0.0.1:8080 \
 *     --clients=32 --seconds=45 --data-dir=./data
 * </pre>
 */
public final class RegistryLoad {

    /** Request bodies serialized once: building JSON per request would be load generator CPU, not registry CPU. */
    private byte[][] bodies;
    /** {@code --files=per-client}: each client registers its own file, so no two clients share a blob row. */
    private boolean filePerClient;
    /** {@code --rate}: version registrations per second over all clients, 0 for as fast as answered (closed loop). */
    private double rate;
    private static final byte[][] TRANSITIONS = {
            "{\"stage\":\"Staging\",\"archive_existing\":true,\"reason\":\"load\"}".getBytes(StandardCharsets.UTF_8),
            "{\"stage\":\"Production\",\"archive_existing\":true,\"reason\":\"load\"}".getBytes(StandardCharsets.UTF_8)};

    /**
     * Every version references one small artifact uploaded at the start (the registry refuses versions
     * whose files it does not hold), so each registration includes the artifact check and the manifest.
     */
    private static byte[][] prepareBodies(String digest, int size) {
        byte[][] bodies = new byte[100][];
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < bodies.length; i++) {
            bodies[i] = """
                    {"artifact":{"uri":"file:///bench/model.bin"},"files":[{"path":"model.bin","sha256":"%s","size":%d}],
                     "framework":"xgboost","params":{"max_depth":"%d"},"metrics":{"accuracy":%s},
                     "lineage":{"code_commit":"c%d","feature_graph_hash":"fg","data_window":["2026-01-01T00:00:00Z","2026-02-01T00:00:00Z"]}}
                    """.formatted(digest, size, i % 20, Double.toString(0.5 + random.nextDouble() / 2), i)
                    .getBytes(StandardCharsets.UTF_8);
        }
        return bodies;
    }

    /** Uploads {@code bytes} ({@code POST /api/v1/artifacts}) and answers the digest the registry holds them under. */
    private String uploadArtifact(byte[] bytes) throws Exception {
        HttpConnection.Answer answer = connection.get().post("/api/v1/artifacts", bytes);
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException("artifact upload refused: " + answer.status() + " " + answer.body());
        }
        String digest = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        if (!answer.body().contains("\"" + digest + "\"")) {
            throw new IllegalStateException("the registry answered another digest: " + answer.body());
        }
        return digest;
    }

    private final URI base;
    /** One keep-alive connection per thread: client threads, samplers and probes are platform threads. */
    private final ThreadLocal<HttpConnection> connection;
    private final String url;
    private final int clients;
    private final int seconds;
    private final int sampleEvery;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    private final ConcurrentLinkedQueue<Long> registerLatencies = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> transitionLatencies = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> postgresLag = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> searchLag = new ConcurrentLinkedQueue<>();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger inFlightSamples = new java.util.concurrent.atomic.AtomicInteger();
    private static final int MAX_SAMPLES_IN_FLIGHT = 8;
    /** The search probe of a sample runs beside its PostgreSQL probe, so that one never delays the other. */
    private final ExecutorService probes = Executors.newFixedThreadPool(MAX_SAMPLES_IN_FLIGHT, runnable -> {
        Thread thread = new Thread(runnable, "search-probe");
        thread.setDaemon(true);
        return thread;
    });

    private final CpuMeter cpu;

    private RegistryLoad(String url, int clients, int seconds, int sampleEvery, String dataDir, String token) {
        this.cpu = dataDir == null ? null : new CpuMeter(dataDir);
        this.base = URI.create(url);
        this.connection = ThreadLocal.withInitial(() -> new HttpConnection(base, token));
        this.url = url;
        this.clients = clients;
        this.seconds = seconds;
        this.sampleEvery = sampleEvery;
    }

    public static void main(String[] args) throws Exception {
        String url = "http://127.0.0.1:8080";
        int clients = 32;
        int seconds = 30;
        int sampleEvery = 25;
        String dataDir = null;
        boolean filePerClient = false;
        double rate = 0;
        // an API token of a user who may register in the default namespace (docs/benchmarks.md)
        String token = System.getenv("REGISTRY_TOKEN");
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            switch (kv[0]) {
                case "url" -> url = kv[1];
                case "clients" -> clients = Integer.parseInt(kv[1]);
                case "seconds" -> seconds = Integer.parseInt(kv[1]);
                case "sample-every" -> sampleEvery = Integer.parseInt(kv[1]);
                case "data-dir" -> dataDir = kv[1];
                case "rate" -> rate = Double.parseDouble(kv[1]);
                case "token" -> token = kv[1];
                case "files" -> filePerClient = switch (kv[1]) {
                    case "shared" -> false;
                    case "per-client" -> true;
                    default -> throw new IllegalArgumentException("--files is shared or per-client");
                };
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("give a bearer token: --token=... or REGISTRY_TOKEN (docs/benchmarks.md)");
        }
        RegistryLoad load = new RegistryLoad(url, clients, seconds, sampleEvery, dataDir, token);
        load.filePerClient = filePerClient;
        load.rate = rate;
        load.run();
    }

    private void run() throws Exception {
        System.out.printf("load: %d clients for %d s against %s%s%n", clients, seconds, url,
                rate > 0 ? String.format(Locale.ROOT, ", paced to %.0f registrations/s", rate) : "");
        byte[] artifact = ("model-registry bench artifact " + runId).getBytes(StandardCharsets.UTF_8);
        bodies = prepareBodies(uploadArtifact(artifact), artifact.length);
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long started = System.nanoTime();
        Map<String, Double> cpuBefore = cpu == null ? null : cpu.sample();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients);
             ExecutorService samplers = Executors.newFixedThreadPool(MAX_SAMPLES_IN_FLIGHT)) {
            for (int c = 0; c < clients; c++) {
                String model = "load-" + runId + "-" + c;
                pool.submit(() -> {
                    try {
                        return client(model, deadline, samplers);
                    } finally {
                        connection.get().close();
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(seconds + 120L, java.util.concurrent.TimeUnit.SECONDS);
            double elapsed = (System.nanoTime() - started) / 1e9;
            Map<String, Double> cpuAfter = cpu == null ? null : cpu.sample();
            String load = loadAverage();
            samplers.shutdown();
            samplers.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
            report(elapsed);
            if (cpu != null) {
                reportCpu(cpuBefore, cpuAfter, elapsed, load);
            }
        }
    }

    private Void client(String model, long deadline, ExecutorService samplers) throws Exception {
        post("/api/v1/models", "{\"name\":\"" + model + "\",\"description\":\"load test\"}");
        String versions = "/api/v1/models/" + model + "/versions";
        byte[][] bodies = this.bodies;
        if (filePerClient) {
            byte[] artifact = ("model-registry bench artifact " + model).getBytes(StandardCharsets.UTF_8);
            bodies = prepareBodies(uploadArtifact(artifact), artifact.length);
        }
        int registered = 0;
        // --rate: each client registers on a fixed schedule (open loop), so the lag is measured below
        // saturation; a client that falls behind does not sleep until it is back on schedule
        long interval = rate > 0 ? (long) (clients * 1e9 / rate) : 0;
        long next = System.nanoTime() + (interval > 0 ? ThreadLocalRandom.current().nextLong(interval) : 0);
        while (System.nanoTime() < deadline) {
            if (interval > 0) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                next += interval;
            }
            byte[] body = bodies[registered % bodies.length];
            long t0 = System.nanoTime();
            HttpConnection.Answer answer = connection.get().post(versions, body);
            long answeredAt = System.nanoTime();
            if (answer.status() != 201) {
                failures.incrementAndGet();
                continue;
            }
            registerLatencies.add(answeredAt - t0);
            commands.incrementAndGet();
            registered++;
            int version = registered;
            // lag samples poll the server, so they are few and bounded: the probe must not become the load
            if (registered % sampleEvery == 0 && inFlightSamples.incrementAndGet() <= MAX_SAMPLES_IN_FLIGHT) {
                samplers.submit(() -> {
                    try {
                        return followVisibility(model, version, answer.position(), answeredAt);
                    } finally {
                        inFlightSamples.decrementAndGet();
                    }
                });
            } else if (registered % sampleEvery == 0) {
                inFlightSamples.decrementAndGet();
            }
            if (registered % 10 == 0) {
                for (byte[] transitionBody : TRANSITIONS) {
                    long t1 = System.nanoTime();
                    HttpConnection.Answer transition = connection.get().post(versions + "/" + version + ":transition", transitionBody);
                    if (transition.status() / 100 == 2) {
                        transitionLatencies.add(System.nanoTime() - t1);
                        commands.incrementAndGet();
                    } else {
                        failures.incrementAndGet();
                    }
                }
            }
        }
        return null;
    }

    /**
     * Follows one version into both read models the way a client reads its own writes: a query with
     * {@code min_position} = the command's {@code X-Registry-Position}, which the registry answers once
     * that read model has applied the position (it checks every
     * {@code registry.query.min-position-poll-interval}, 10 ms). One request per read model and sample,
     * so the probe costs the registry almost nothing; the search probe runs beside the PostgreSQL one.
     * A 503 (still behind after the registry's bounded wait) is asked again.
     */
    private Void followVisibility(String model, int version, long position, long answeredAt) throws Exception {
        String get = "/api/v1/models/" + model + "/versions/" + version + "?min_position=" + position;
        String search = "/api/v1/search/versions?min_position=" + position + "&filter=" + URLEncoder.encode(
                "model = '" + model + "' AND version = " + version, StandardCharsets.UTF_8);
        String id = "\"" + model + "@" + version + "\"";
        Future<Void> searchProbe = probes.submit(() -> awaitVisible(search,
                answer -> answer.status() == 200 && answer.body().contains(id), answeredAt, searchLag));
        awaitVisible(get, answer -> answer.status() == 200, answeredAt, postgresLag);
        searchProbe.get();
        return null;
    }

    private Void awaitVisible(String path, java.util.function.Predicate<HttpConnection.Answer> visible, long answeredAt,
                              ConcurrentLinkedQueue<Long> lags) throws Exception {
        long giveUp = answeredAt + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < giveUp) {
            HttpConnection.Answer answer = connection.get().get(path);
            if (visible.test(answer)) {
                lags.add(System.nanoTime() - answeredAt);
                return null;
            }
            if (answer.status() != 503) {
                failures.incrementAndGet();
                System.err.println("probe " + path + " answered " + answer.status() + ": " + answer.body());
                return null;
            }
        }
        return null;
    }

    private void post(String path, String json) throws Exception {
        HttpConnection.Answer answer = connection.get().post(path, json.getBytes(StandardCharsets.UTF_8));
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException("POST " + path + " answered " + answer.status() + ": " + answer.body());
        }
    }

    private void report(double elapsed) {
        System.out.printf(Locale.ROOT, "commands: %d in %.1f s = %.0f commands/s (version registrations: %d = %.0f/s), failures: %d%n",
                commands.get(), elapsed, commands.get() / elapsed, registerLatencies.size(), registerLatencies.size() / elapsed, failures.get());
        line("register version latency", registerLatencies);
        line("transition latency", transitionLatencies);
        line("lag to PostgreSQL read model", postgresLag);
        line("lag to search", searchLag);
    }

    private void reportCpu(Map<String, Double> before, Map<String, Double> after, double elapsed, String load) {
        System.out.printf("CPU per command (ms):%s, load average at end: %s%n",
                CpuMeter.perUnit(before, after, commands.get(), elapsed), load);
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static void line(String name, ConcurrentLinkedQueue<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.printf("%-30s no samples%n", name);
            return;
        }
        System.out.printf(Locale.ROOT, "%-30s n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n", name, sorted.size(),
                percentile(sorted, 0.50), percentile(sorted, 0.99), sorted.getLast() / 1e6);
    }

    /** Nearest-rank percentile of sorted nanoseconds, in milliseconds. */
    static double percentile(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
