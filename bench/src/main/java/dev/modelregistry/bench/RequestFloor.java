package dev.modelregistry.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What one request costs the registry when it does (almost) nothing: N closed-loop clients send the
 * same request for a while, and the report gives requests/s, latency and the CPU per request of each
 * process group ({@link CpuMeter}). Compared with a version registration, it says how much of a
 * command's CPU is the HTTP path (Tomcat, the security filter chain, Spring MVC, JSON, the problem
 * answer) rather than the command itself. Not a test: numbers go to docs/benchmarks.md.
 *
 * <pre>
 * java -cp bench/target/classes dev.modelregistry.bench.RequestFloor --url=http://127.0.0.1:8080 \
 *     --token=$TOKEN --clients=16 --seconds=30 --data-dir=./data \
 *     --method=POST --path=/api/v1/models --body='{"name":"bad name!"}'   # refused by validation: 400
 * </pre>
 * Expected statuses are not checked beyond counting them: the report lists every status seen.
 */
public final class RequestFloor {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("arguments are --name=value: " + arg);
            }
            options.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        URI url = URI.create(options.getOrDefault("url", "http://127.0.0.1:8080"));
        String token = options.get("token");
        int clients = Integer.parseInt(options.getOrDefault("clients", "16"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        String method = options.getOrDefault("method", "GET");
        String path = options.getOrDefault("path", "/api/v1/models/floor-missing");
        byte[] body = options.getOrDefault("body", "").getBytes(StandardCharsets.UTF_8);
        String dataDir = options.get("data-dir");
        CpuMeter cpu = dataDir == null ? null : new CpuMeter(dataDir);

        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long started = System.nanoTime();
        Map<String, Double> before = cpu == null ? null : cpu.sample();
        List<long[]> latencies = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<long[]>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                results.add(pool.submit(() -> {
                    long[] nanos = new long[1 << 20];
                    int n = 0;
                    try (HttpConnection connection = new HttpConnection(url, token)) {
                        while (System.nanoTime() < deadline && n < nanos.length) {
                            long t0 = System.nanoTime();
                            HttpConnection.Answer answer = "GET".equals(method) ? connection.get(path)
                                    : connection.post(path, body);
                            nanos[n++] = System.nanoTime() - t0;
                            statuses.merge(answer.status(), 1L, Long::sum);
                        }
                    }
                    return Arrays.copyOf(nanos, n);
                }));
            }
            for (Future<long[]> result : results) {
                latencies.add(result.get(seconds + 60L, TimeUnit.SECONDS));
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        Map<String, Double> after = cpu == null ? null : cpu.sample();
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf(Locale.ROOT, "%s %s: %d requests in %.1f s = %.0f/s, latency p50 %.2f ms p99 %.2f ms; statuses %s%n",
                method, path, all.length, elapsed, all.length / elapsed, all[all.length / 2] / 1e6,
                all[(int) (all.length * 0.99)] / 1e6, statuses);
        if (cpu != null) {
            System.out.printf("CPU per request (ms):%s%n", CpuMeter.perUnit(before, after, all.length, elapsed));
        }
    }

    private RequestFloor() {
    }
}
