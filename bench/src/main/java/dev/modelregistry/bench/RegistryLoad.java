package dev.modelregistry.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives N concurrent clients against a running registry: each registers versions of its own
 * model and promotes every tenth one (Staging, then Production with archive_existing). Every version
 * references one small artifact uploaded at the start (the registry refuses versions whose files it
 * does not hold), so each registration includes the artifact check and the manifest store. A sample of
 * the commands is followed until the version is visible in the PostgreSQL read model (GET of the
 * version) and in search (filter on model and version), which gives the read-model lag.
 *
 * <pre>
 * ./mvnw -q -pl bench exec:java -Dexec.args="--url=http://127.0.0.1:8080 --clients=32 --seconds=30"
 * </pre>
 */
public final class RegistryLoad {

    private final HttpClient http = HttpClient.newBuilder()
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String url;
    private final int clients;
    private final int seconds;
    private final int sampleEvery;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    /** The bytes every version references (uploaded once, before the clients start). */
    private final byte[] artifact = ("model-registry bench artifact " + runId).getBytes(StandardCharsets.UTF_8);
    private String artifactDigest;

    private final ConcurrentLinkedQueue<Long> registerLatencies = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> transitionLatencies = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> postgresLag = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> searchLag = new ConcurrentLinkedQueue<>();
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger inFlightSamples = new java.util.concurrent.atomic.AtomicInteger();
    private static final int MAX_SAMPLES_IN_FLIGHT = 2;
    private static final long POLL_MILLIS = 5;

    private RegistryLoad(String url, int clients, int seconds, int sampleEvery) {
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
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            switch (kv[0]) {
                case "url" -> url = kv[1];
                case "clients" -> clients = Integer.parseInt(kv[1]);
                case "seconds" -> seconds = Integer.parseInt(kv[1]);
                case "sample-every" -> sampleEvery = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        new RegistryLoad(url, clients, seconds, sampleEvery).run();
    }

    private void run() throws Exception {
        System.out.printf("load: %d clients for %d s against %s%n", clients, seconds, url);
        artifactDigest = uploadArtifact(artifact);
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
             ExecutorService samplers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                String model = "load-" + runId + "-" + c;
                pool.submit(() -> client(model, deadline, samplers));
            }
            pool.shutdown();
            pool.awaitTermination(seconds + 120L, java.util.concurrent.TimeUnit.SECONDS);
            double elapsed = (System.nanoTime() - started) / 1e9;
            samplers.shutdown();
            samplers.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
            report(elapsed);
        }
    }

    private Void client(String model, long deadline, ExecutorService samplers) throws Exception {
        post("/api/v1/models", "{\"name\":\"" + model + "\",\"owner_team\":\"bench\",\"description\":\"load test\"}");
        int registered = 0;
        while (System.nanoTime() < deadline) {
            double accuracy = ThreadLocalRandom.current().nextDouble(0.5, 1.0);
            String body = """
                    {"artifact":{"uri":"file:///bench/model.bin"},"files":[{"path":"model.bin","sha256":"%s","size":%d}],
                     "framework":"xgboost","params":{"max_depth":"%d"},"metrics":{"accuracy":%s},
                     "lineage":{"code_commit":"c%d","feature_graph_hash":"fg","data_window":["2026-01-01T00:00:00Z","2026-02-01T00:00:00Z"]}}
                    """.formatted(artifactDigest, artifact.length, registered % 20, Double.toString(accuracy),
                    registered);
            long t0 = System.nanoTime();
            HttpResponse<String> answer = post("/api/v1/models/" + model + "/versions", body);
            long answeredAt = System.nanoTime();
            if (answer.statusCode() != 201) {
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
                        return followVisibility(model, version, answeredAt);
                    } finally {
                        inFlightSamples.decrementAndGet();
                    }
                });
            } else if (registered % sampleEvery == 0) {
                inFlightSamples.decrementAndGet();
            }
            if (registered % 10 == 0) {
                for (String stage : List.of("Staging", "Production")) {
                    long t1 = System.nanoTime();
                    HttpResponse<String> transition = post("/api/v1/models/" + model + "/versions/" + version + ":transition",
                            "{\"stage\":\"" + stage + "\",\"archive_existing\":true,\"reason\":\"load\"}");
                    if (transition.statusCode() / 100 == 2) {
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

    /** Follows one version into both read models, each on its own thread so that one probe never delays the other. */
    private Void followVisibility(String model, int version, long answeredAt) throws Exception {
        String get = "/api/v1/models/" + model + "/versions/" + version;
        String search = "/api/v1/search/versions?filter=" + URLEncoder.encode(
                "model = '" + model + "' AND version = " + version, StandardCharsets.UTF_8);
        String id = "\"" + model + "@" + version + "\"";
        try (ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor()) {
            probes.submit(() -> awaitVisible(get, answer -> answer.statusCode() == 200, answeredAt, postgresLag));
            probes.submit(() -> awaitVisible(search, answer -> answer.statusCode() == 200 && answer.body().contains(id),
                    answeredAt, searchLag));
        }
        return null;
    }

    private Void awaitVisible(String path, java.util.function.Predicate<HttpResponse<String>> visible, long answeredAt,
                              ConcurrentLinkedQueue<Long> lags) throws Exception {
        long giveUp = answeredAt + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < giveUp) {
            if (visible.test(get(path))) {
                lags.add(System.nanoTime() - answeredAt);
                return null;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return null;
    }

    /** Uploads {@code bytes} ({@code POST /api/v1/artifacts}) and answers the digest the registry holds them under. */
    private String uploadArtifact(byte[] bytes) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/artifacts"))
                .header("content-type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IllegalStateException("artifact upload refused: " + answer.statusCode() + " " + answer.body());
        }
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        if (!answer.body().contains("\"" + digest + "\"")) {
            throw new IllegalStateException("the registry answered another digest: " + answer.body());
        }
        return digest;
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private void report(double elapsed) {
        System.out.printf(Locale.ROOT, "commands: %d in %.1f s = %.0f commands/s (version registrations: %d = %.0f/s), failures: %d%n",
                commands.get(), elapsed, commands.get() / elapsed, registerLatencies.size(), registerLatencies.size() / elapsed, failures.get());
        line("register version latency", registerLatencies);
        line("transition latency", transitionLatencies);
        line("lag to PostgreSQL read model", postgresLag);
        line("lag to search", searchLag);
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

    private static double percentile(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
