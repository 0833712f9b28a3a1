package dev.modelregistry.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Point-in-time read latency against a running registry (docs/benchmarks.md, "Point-in-time queries").
 *
 * <p>Writes a history of {@code --events} events through the real command path (one model: versions
 * registered and promoted in turn, each promotion archiving the previous one, so its stage history
 * grows), remembering instants along the way, then times {@code --queries} reads of each kind at random
 * remembered instants: the model, one version, the version list, the aliases and
 * {@code GET /api/v1/production}, all with {@code as_of}. Prints p50/p99 per kind. Run it once with a
 * short and once with a long history: the figures should not grow with it.
 *
 * <p>{@code ./mvnw -q -o -pl bench exec:java -Dexec.mainClass=dev.modelregistry.bench.AsOfLatency
 * -Dexec.args="--url=http://127.0.0.1:8080 --token=$TOKEN --events=1000"}
 */
public final class AsOfLatency {

    private AsOfLatency() {
    }

    public static void main(String[] args) throws Exception {
        String url = "http://127.0.0.1:8080";
        String token = System.getenv("REGISTRY_TOKEN");
        int events = 1_000;
        int queries = 1_000;
        String existing = null;
        Instant from = null;
        Instant to = null;
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            switch (kv[0]) {
                case "url" -> url = kv[1];
                case "token" -> token = kv[1];
                case "events" -> events = Integer.parseInt(kv[1]);
                case "queries" -> queries = Integer.parseInt(kv[1]);
                // a model whose history is already there (bench/asof-synthetic-history.sql), asked between from and to
                case "model" -> existing = kv[1];
                case "from" -> from = Instant.parse(kv[1]);
                case "to" -> to = Instant.parse(kv[1]);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("give a bearer token: --token=... or REGISTRY_TOKEN (docs/benchmarks.md)");
        }
        try (HttpConnection http = new HttpConnection(URI.create(url), token)) {
            Random random = new Random(42);
            List<Instant> instants = new ArrayList<>();
            String model;
            if (existing == null) {
                model = "asof-" + UUID.randomUUID().toString().substring(0, 8);
                long position = seed(http, model, events, instants);
                // read-your-writes: the last event is projected before the first read
                check(http.get("/api/v1/models/" + model + "?min_position=" + position), "projection");
            } else {
                model = existing;
                long span = to.getEpochSecond() - from.getEpochSecond();
                for (int i = 0; i < 10_000; i++) {
                    instants.add(from.plusSeconds(1 + (long) (random.nextDouble() * (span - 1))));
                }
            }
            System.out.printf(Locale.ROOT, "history: %s on %s (%d instants); %d queries per kind%n",
                    existing == null ? events + " events" : "existing", model, instants.size(), queries);
            String[][] kinds = {
                    {"model", "/api/v1/models/" + model + "?as_of="},
                    {"version", "/api/v1/models/" + model + "/versions/1?include_deleted=true&as_of="},
                    {"versions", "/api/v1/models/" + model + "/versions?page_size=20&as_of="},
                    {"aliases", "/api/v1/models/" + model + "/aliases?as_of="},
                    {"production", "/api/v1/production?page_size=100&as_of="}};
            for (String[] kind : kinds) {
                for (int i = 0; i < Math.min(200, queries); i++) { // JIT warm-up
                    http.get(kind[1] + instants.get(random.nextInt(instants.size())));
                }
                long[] nanos = new long[queries];
                for (int i = 0; i < queries; i++) {
                    String path = kind[1] + instants.get(random.nextInt(instants.size()));
                    long t0 = System.nanoTime();
                    HttpConnection.Answer answer = http.get(path);
                    nanos[i] = System.nanoTime() - t0;
                    check(answer, path);
                }
                Arrays.sort(nanos);
                System.out.printf(Locale.ROOT, "%-10s p50 %6.2f ms  p99 %6.2f ms%n", kind[0],
                        nanos[queries / 2] / 1e6, nanos[(int) (queries * 0.99)] / 1e6);
            }
        }
    }

    /**
     * One model; then, until {@code events} events: register a version (its one file uploaded once), move
     * it to Staging, then to Production archiving the previous one. An instant is remembered after each
     * round.
     */
    private static long seed(HttpConnection http, String model, int events, List<Instant> instants) throws Exception {
        byte[] artifact = ("as_of benchmark " + model).getBytes(StandardCharsets.UTF_8);
        check(http.post("/api/v1/artifacts", artifact), "artifact upload");
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(artifact));
        long position = check(http.post("/api/v1/models", json("{\"name\":\"" + model
                + "\",\"description\":\"as_of benchmark\"}")), "register").position();
        int written = 1;
        for (int version = 1; written < events; version++) {
            String base = "/api/v1/models/" + model + "/versions";
            check(http.post(base, json("{\"files\":[{\"path\":\"model.bin\",\"sha256\":\"" + digest
                    + "\",\"size\":" + artifact.length + "}],\"metrics\":{\"accuracy\":0.9}}")), "version");
            check(http.post(base + "/" + version + ":transition", json("{\"stage\":\"Staging\"}")), "staging");
            position = check(http.post(base + "/" + version + ":transition",
                    json("{\"stage\":\"Production\",\"archive_existing\":true}")), "production").position();
            written += version == 1 ? 3 : 4; // the archived incumbent is one more event
            instants.add(Instant.now());
        }
        return position;
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static HttpConnection.Answer check(HttpConnection.Answer answer, String what) {
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException(what + ": " + answer.status() + " " + answer.body());
        }
        return answer;
    }
}
