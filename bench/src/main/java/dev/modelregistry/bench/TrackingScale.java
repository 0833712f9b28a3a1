package dev.modelregistry.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.stream.IntStream;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scale benchmark of issue 5 (docs/benchmarks.md, "Tracking, search and lineage at scale").
 *
 * <ul>
 * <li>{@code seed}: through the real command path, N client threads with keep-alive connections:
 *     {@code --experiments} x {@code --runs-per-experiment} runs (default 100 x 100 = 10,000), each
 *     started (framework, code commit), given ONE {@code :log-batch} (10 params, 3 tags, 1-2 dataset
 *     inputs from a pool of {@code --datasets} digests, 4 metrics x {@code --steps} steps = 100 points)
 *     and finished; then {@code --models} x {@code --versions-per-model} versions (default
 *     1,000 x 100 = 100,000), each naming a seeded run ({@code lineage.run_id}), its datasets, params,
 *     metrics f1/accuracy and one small blob uploaded once; every {@code --composite-every}-th model's
 *     versions name two versions of two other models as {@code lineage.parents}, so
 *     dataset -> run -> version -> composite version is a 3-level lineage. Then waits until both read
 *     models have applied the last command ({@code min_position}). Phases {@code seed-runs} and
 *     {@code seed-versions} run one half (the second reads the run ids the first wrote to {@code --state}).</li>
 * <li>{@code measure}: one client, after a warm-up, p50/p99/max of the filtered sorted run search, a
 *     version search, a 10-version compare, a 3-level upstream lineage query of composite versions,
 *     the dataset impact query and a 10-run compare.</li>
 * <li>{@code rebuild}: {@code POST /api/v1/admin/read-models:rebuild?wait=true&scope=<--scope>} (every
 *     read model from Kafka offset 0 with {@code --scope=all}, the default; the tracking read models only
 *     with {@code --scope=tracking}), its summary and, with {@code --data-dir}, the CPU each process group
 *     used per replayed event.</li>
 * </ul>
 *
 * <p>Names are deterministic ({@code <namespace>.<prefix>-m0000}, experiments {@code <prefix>-e000},
 * dataset digests = SHA-256 of {@code "<prefix> dataset <i>"}), so {@code measure} and {@code rebuild}
 * can run later against the same data with the same flags.
 *
 * <pre>
 * java -cp bench/target/classes dev.modelregistry.bench.TrackingScale --url=http://127.0.0.1:18080 \
 *     --username=admin --password=... --phase=all --clients=16 --data-dir=/tmp/scale-data
 * </pre>
 */
public final class TrackingScale {

    private static final Pattern RUN_ID = Pattern.compile("\"run_id\"\\s*:\\s*\"([0-9a-f]{32})\"");
    private static final Pattern EXPERIMENT_ID = Pattern.compile("\"experiment_id\"\\s*:\\s*\"([0-9a-f]{32})\"");
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern API_TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TOTAL_HITS = Pattern.compile("\"total_hits\"\\s*:\\s*(\\d+)");
    private static final Pattern NAME_AND_ID = Pattern.compile(
            "\"experiment_id\"\\s*:\\s*\"([0-9a-f]{32})\"[^}]*?\"name\"\\s*:\\s*\"([^\"]+)\"");

    private static final String[] DEPTHS = {"3", "5", "8", "10", "15", "20"};
    private static final String[] FRAMEWORKS = {"xgboost", "lightgbm", "sklearn", "pytorch"};
    private static final String[] TEAMS = {"fraud", "risk", "growth", "search", "ads"};
    private static final String[] METRICS = {"f1", "accuracy", "loss", "auc"};

    private final URI base;
    private final String token;
    private final ThreadLocal<HttpConnection> connection;
    private final Map<String, String> options;
    private final String namespace;
    private final String prefix;
    private final int clients;
    private final int experiments;
    private final int runsPerExperiment;
    private final int models;
    private final int versionsPerModel;
    private final int compositeEvery;
    private final int datasets;
    private final int steps;
    private final int queries;
    private final int warmup;
    private final Path state;
    private final CpuMeter cpu;
    private final String[] datasetDigests;
    private final AtomicLong maxPosition = new AtomicLong(-1);

    private TrackingScale(Map<String, String> options, String token) {
        this.options = options;
        this.base = URI.create(options.getOrDefault("url", "http://127.0.0.1:8080"));
        this.token = token;
        this.connection = ThreadLocal.withInitial(() -> new HttpConnection(base, token));
        this.namespace = options.getOrDefault("namespace", "bench");
        this.prefix = options.getOrDefault("prefix", "ts");
        this.clients = intOption("clients", 16);
        this.experiments = intOption("experiments", 100);
        this.runsPerExperiment = intOption("runs-per-experiment", 100);
        this.models = intOption("models", 1_000);
        this.versionsPerModel = intOption("versions-per-model", 100);
        this.compositeEvery = intOption("composite-every", 10);
        if (compositeEvery == 1 || compositeEvery == 2) {
            throw new IllegalArgumentException("--composite-every is 0 (none) or at least 3: a composite model's "
                    + "parents must be plain models");
        }
        this.datasets = intOption("datasets", 200);
        this.steps = intOption("steps", 25);
        this.queries = intOption("queries", 500);
        this.warmup = intOption("warmup", 100);
        this.state = Path.of(options.getOrDefault("state", "/tmp/tracking-scale-" + prefix + "-runs.txt"));
        this.cpu = options.containsKey("data-dir") ? new CpuMeter(options.get("data-dir")) : null;
        this.datasetDigests = new String[datasets];
        for (int i = 0; i < datasets; i++) {
            datasetDigests[i] = sha256((prefix + " dataset " + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    private int intOption(String name, int defaultValue) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(defaultValue)));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        List<String> known = List.of("url", "token", "username", "password", "phase", "clients", "namespace", "prefix",
                "experiments", "runs-per-experiment", "models", "versions-per-model", "composite-every", "datasets",
                "steps", "queries", "warmup", "state", "data-dir", "min-position", "scope");
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "; known: " + known);
            }
        }
        URI base = URI.create(options.getOrDefault("url", "http://127.0.0.1:8080"));
        String token = options.getOrDefault("token", System.getenv("REGISTRY_TOKEN"));
        if ((token == null || token.isBlank()) && options.containsKey("password")) {
            token = apiToken(base, options.getOrDefault("username", "admin"), options.get("password"));
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException(
                    "give a bearer token (--token=... or REGISTRY_TOKEN) or --username=... --password=... to sign in");
        }
        TrackingScale bench = new TrackingScale(options, token);
        String phase = options.getOrDefault("phase", "all");
        switch (phase) {
            case "seed" -> bench.seed(true, true);
            case "seed-runs" -> bench.seed(true, false);
            case "seed-versions" -> bench.seed(false, true);
            case "measure" -> bench.measure();
            case "rebuild" -> bench.rebuild();
            case "all" -> {
                bench.seed(true, true);
                bench.measure();
                bench.rebuild();
            }
            default -> throw new IllegalArgumentException("--phase: seed|seed-runs|seed-versions|measure|rebuild|all");
        }
    }

    /**
     * Signs in and issues an API token valid for a day: a seed takes longer than the 15 minutes an
     * access token lives.
     */
    private static String apiToken(URI base, String username, String password) throws Exception {
        try (HttpConnection anonymous = new HttpConnection(base, null)) {
            HttpConnection.Answer login = check(anonymous.post("/api/v1/auth/login",
                    json("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")), "sign-in");
            String access = group(ACCESS_TOKEN, login.body(), "access_token");
            try (HttpConnection signedIn = new HttpConnection(base, access)) {
                HttpConnection.Answer issued = check(signedIn.post("/api/v1/auth/api-tokens",
                        json("{\"name\":\"tracking-scale-" + System.currentTimeMillis() + "\",\"expires_in_days\":1}")),
                        "API token");
                return group(API_TOKEN, issued.body(), "token");
            }
        }
    }

    // ---------------------------------------------------------------------------------------- seed

    private String qualified(String name) {
        return namespace.equals("default") ? name : namespace + "." + name;
    }

    private String modelName(int m) {
        return qualified(prefix + "-m" + String.format(Locale.ROOT, "%04d", m));
    }

    private String experimentName(int e) {
        return prefix + "-e" + String.format(Locale.ROOT, "%03d", e);
    }

    /** The dataset pool indexes a run reads: one, every other run two (training and validation). */
    private int[] runDatasets(int r) {
        int first = Math.floorMod(r * 7, datasets);
        return r % 2 == 0 ? new int[] {first, Math.floorMod(r * 13 + 1, datasets)} : new int[] {first};
    }

    private void seed(boolean runs, boolean versions) throws Exception {
        uptime("seed start");
        String[] runIds;
        if (runs) {
            ensureNamespace();
            runIds = seedRuns();
            Files.write(state, Arrays.asList(runIds));
            System.out.printf("run ids written to %s%n", state);
        } else {
            runIds = Files.readAllLines(state).toArray(String[]::new);
        }
        if (versions) {
            seedVersions(runIds);
        }
        awaitReadModels();
        uptime("seed end");
    }

    private void ensureNamespace() throws Exception {
        if (namespace.equals("default")) {
            return;
        }
        HttpConnection.Answer answer = connection.get().post("/api/v1/admin/namespaces",
                json("{\"namespace\":\"" + namespace + "\",\"description\":\"issue 5 scale benchmark\"}"));
        if (answer.status() != 201 && answer.status() != 409) {
            throw new IllegalStateException("namespace " + namespace + ": " + answer.status() + " " + answer.body());
        }
        track(answer);
    }

    private String[] seedRuns() throws Exception {
        String[] experimentIds = new String[experiments];
        for (int e = 0; e < experiments; e++) {
            HttpConnection.Answer answer = command(connection.get().post("/api/v1/experiments", json(
                    "{\"name\":\"" + experimentName(e) + "\",\"namespace\":\"" + namespace
                            + "\",\"description\":\"scale benchmark experiment " + e + "\",\"tags\":{\"team\":\""
                            + TEAMS[e % TEAMS.length] + "\"}}")), "experiment " + experimentName(e));
            experimentIds[e] = group(EXPERIMENT_ID, answer.body(), "experiment_id");
        }
        int total = experiments * runsPerExperiment;
        String[] runIds = new String[total];
        Phase phase = new Phase("runs (start + log-batch + finish)", "start", "log-batch", "finish");
        phase.run(total, r -> {
            HttpConnection http = connection.get();
            Random random = new Random(r);
            int[] ds = runDatasets(r);
            String framework = FRAMEWORKS[r % FRAMEWORKS.length];
            long t0 = System.nanoTime();
            HttpConnection.Answer started = command(http.post("/api/v1/runs", json(
                    "{\"experiment_id\":\"" + experimentIds[r / runsPerExperiment] + "\",\"name\":\"run-" + r
                            + "\",\"code_commit\":\"" + commit(r) + "\",\"framework\":\"" + framework
                            + "\",\"framework_version\":\"2." + (r % 5) + "\"}")), "start run " + r);
            phase.record(0, t0);
            String runId = group(RUN_ID, started.body(), "run_id");
            StringBuilder batch = new StringBuilder(8_192).append("{\"params\":[");
            String[][] params = runParams(r, random);
            for (int i = 0; i < params.length; i++) {
                batch.append(i == 0 ? "" : ",").append("{\"key\":\"").append(params[i][0]).append("\",\"value\":\"")
                        .append(params[i][1]).append("\"}");
            }
            batch.append("],\"metrics\":[");
            double f1 = 0.5 + random.nextDouble() / 2;
            double[] finals = {f1, Math.min(1, f1 + random.nextDouble() * 0.05), 0.05 + random.nextDouble() * 0.6,
                    0.55 + random.nextDouble() * 0.45};
            boolean firstPoint = true;
            for (int k = 0; k < METRICS.length; k++) {
                for (int step = 0; step < steps; step++) {
                    // converges towards the final value: the last step (the latest value) is the final one
                    double progress = steps == 1 ? 1 : (double) step / (steps - 1);
                    double value = k == 2 ? finals[k] + (1 - progress) * 1.5 : finals[k] * (0.6 + 0.4 * progress);
                    batch.append(firstPoint ? "" : ",").append("{\"key\":\"").append(METRICS[k]).append("\",\"value\":")
                            .append(value).append(",\"step\":").append(step).append('}');
                    firstPoint = false;
                }
            }
            batch.append("],\"tags\":[{\"key\":\"team\",\"value\":\"").append(TEAMS[r % TEAMS.length])
                    .append("\"},{\"key\":\"priority\",\"value\":\"p").append(r % 3)
                    .append("\"},{\"key\":\"seed\",\"value\":\"").append(prefix).append("\"}],\"inputs\":[");
            for (int i = 0; i < ds.length; i++) {
                batch.append(i == 0 ? "" : ",").append("{\"name\":\"").append(i == 0 ? "train" : "validation")
                        .append(ds[i]).append("\",\"sha256\":\"").append(datasetDigests[ds[i]])
                        .append("\",\"source\":\"s3://bench/datasets/").append(ds[i]).append("\",\"context\":\"")
                        .append(i == 0 ? "training" : "validation").append("\"}");
            }
            batch.append("]}");
            String path = "/api/v1/runs/" + runId;
            t0 = System.nanoTime();
            command(http.post(path + ":log-batch", json(batch.toString())), "log-batch " + r);
            phase.record(1, t0);
            t0 = System.nanoTime();
            command(http.post(path + ":finish", json("{\"status\":\"FINISHED\"}")), "finish " + r);
            phase.record(2, t0);
            runIds[r] = runId;
        });
        return runIds;
    }

    private static String commit(int r) {
        return String.format(Locale.ROOT, "%07x", (r * 2654435761L) & 0xfffffffL);
    }

    private String[][] runParams(int r, Random random) {
        return new String[][] {
                {"max_depth", DEPTHS[r % DEPTHS.length]},
                {"learning_rate", Double.toString(new double[] {0.01, 0.03, 0.1, 0.3}[(r / 6) % 4])},
                {"n_estimators", Integer.toString(100 * (1 + r % 8))},
                {"subsample", Double.toString(0.5 + (r % 5) / 10.0)},
                {"colsample_bytree", Double.toString(0.6 + (r % 4) / 10.0)},
                {"min_child_weight", Integer.toString(1 + r % 6)},
                {"gamma", Double.toString((r % 3) / 2.0)},
                {"reg_alpha", Double.toString((r % 4) / 4.0)},
                {"reg_lambda", Double.toString(1 + (r % 3))},
                {"seed", Integer.toString(random.nextInt(1_000_000))}};
    }

    private void seedVersions(String[] runIds) throws Exception {
        byte[] blob = ("tracking-scale model file " + prefix).getBytes(StandardCharsets.UTF_8);
        command(connection.get().post("/api/v1/artifacts", blob), "artifact upload");
        String digest = sha256(blob);
        String files = "\"files\":[{\"path\":\"model.bin\",\"sha256\":\"" + digest + "\",\"size\":" + blob.length + "}]";
        Phase phase = new Phase("models and versions", "register model", "register version", "register composite version");
        // one model per task, its versions in order by one client (versions of one model are one aggregate);
        // composite models last, each waiting until every plain model is registered: the registry refuses
        // a parent that does not exist yet (422 unknown_parent)
        int[] order = IntStream.concat(
                IntStream.range(0, models).filter(m -> !isComposite(m)),
                IntStream.range(0, models).filter(this::isComposite)).toArray();
        CountDownLatch plainModelsDone = new CountDownLatch((int) IntStream.range(0, models)
                .filter(m -> !isComposite(m)).count());
        phase.run(models, task -> {
            int m = order[task];
            if (isComposite(m)) {
                plainModelsDone.await();
                seedModel(m, true, files, runIds, phase);
            } else {
                try {
                    seedModel(m, false, files, runIds, phase);
                } finally {
                    plainModelsDone.countDown();
                }
            }
        });
    }

    /** Registers model {@code m} and its versions, in order, on this thread's connection. */
    private void seedModel(int m, boolean composite, String files, String[] runIds, Phase phase) throws Exception {
        HttpConnection http = connection.get();
        String model = modelName(m);
        long t0 = System.nanoTime();
        command(http.post("/api/v1/models", json("{\"name\":\"" + model + "\",\"description\":\"scale benchmark model "
                + m + "\",\"tags\":{\"team\":\"" + TEAMS[m % TEAMS.length] + "\"}}")), "model " + model);
        phase.record(0, t0);
        String versions = "/api/v1/models/" + model + "/versions";
        Random random = new Random(1_000_003L * m);
        for (int v = 1; v <= versionsPerModel; v++) {
            int r = Math.floorMod(m * versionsPerModel + v - 1, runIds.length);
            int[] ds = runDatasets(r);
            StringBuilder body = new StringBuilder(1_024).append('{').append(files)
                    .append(",\"framework\":\"").append(FRAMEWORKS[r % FRAMEWORKS.length])
                    .append("\",\"framework_version\":\"2.").append(r % 5).append("\",\"params\":{");
            String[][] params = runParams(r, new Random(r));
            for (int i = 0; i < params.length; i++) {
                body.append(i == 0 ? "" : ",").append('"').append(params[i][0]).append("\":\"").append(params[i][1]).append('"');
            }
            double f1 = 0.5 + random.nextDouble() / 2;
            body.append("},\"metrics\":{\"f1\":").append(f1).append(",\"accuracy\":")
                    .append(Math.min(1, f1 + random.nextDouble() * 0.05))
                    .append("},\"tags\":{\"team\":\"").append(TEAMS[m % TEAMS.length])
                    .append("\"},\"lineage\":{\"code_commit\":\"").append(commit(r))
                    .append("\",\"run_id\":\"").append(runIds[r]).append("\",\"datasets\":[");
            for (int i = 0; i < ds.length; i++) {
                body.append(i == 0 ? "" : ",").append("{\"name\":\"").append(i == 0 ? "train" : "validation")
                        .append(ds[i]).append("\",\"sha256\":\"").append(datasetDigests[ds[i]]).append("\"}");
            }
            body.append(']');
            if (composite) {
                body.append(",\"parents\":[\"").append(modelName((m + 1) % models)).append('@').append(v)
                        .append("\",\"").append(modelName((m + 2) % models)).append('@').append(v).append("\"]");
            }
            body.append("}}");
            t0 = System.nanoTime();
            command(http.post(versions, json(body.toString())), "version " + model + "@" + v);
            phase.record(composite ? 2 : 1, t0);
        }
    }

    /** Whether model {@code m}'s versions name parents of two plain models ({@code --composite-every} >= 3). */
    private boolean isComposite(int m) {
        return compositeEvery > 0 && m % compositeEvery == 0;
    }

    /** Waits until the PostgreSQL read models and search have applied the last command of the seed. */
    private void awaitReadModels() throws Exception {
        long position = maxPosition.get();
        long t0 = System.nanoTime();
        String pg = "/api/v1/models/" + modelName(0) + "?min_position=" + position;
        String search = "/api/v1/search/runs?page_size=1&min_position=" + position;
        String searchVersions = "/api/v1/search/versions?page_size=1&min_position=" + position;
        for (String path : new String[] {pg, search, searchVersions}) {
            for (; ; ) {
                HttpConnection.Answer answer = connection.get().get(path);
                if (answer.status() == 200) {
                    break;
                }
                if (answer.status() != 503 && answer.status() != 404) {
                    throw new IllegalStateException(path + ": " + answer.status() + " " + answer.body());
                }
                Thread.sleep(answer.status() == 404 ? 1_000 : 0);
            }
            System.out.printf(Locale.ROOT, "read model caught up with position %d (%s) %.1f s after the last command%n",
                    position, path.substring(0, path.indexOf('?')), (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * A seeding phase: tasks 0..n-1 shared by {@code --clients} threads, latencies per command kind,
     * throughput, progress every 15 s and, with {@code --data-dir}, CPU per command per process group.
     */
    private final class Phase {
        private final String name;
        private final String[] kinds;
        private final List<ConcurrentLinkedQueue<Long>> latencies = new ArrayList<>();
        private final AtomicLong commands = new AtomicLong();

        Phase(String name, String... kinds) {
            this.name = name;
            this.kinds = kinds;
            for (int i = 0; i < kinds.length; i++) {
                latencies.add(new ConcurrentLinkedQueue<>());
            }
        }

        void record(int kind, long startNanos) {
            latencies.get(kind).add(System.nanoTime() - startNanos);
            commands.incrementAndGet();
        }

        void run(int tasks, Task task) throws Exception {
            System.out.printf("%s: %d tasks, %d clients%n", name, tasks, clients);
            AtomicInteger next = new AtomicInteger();
            AtomicInteger done = new AtomicInteger();
            Map<String, Double> cpuBefore = cpu == null ? null : cpu.sample();
            long started = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            try {
                for (int c = 0; c < clients; c++) {
                    futures.add(pool.submit(() -> {
                        try {
                            for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                                task.run(i);
                                done.incrementAndGet();
                            }
                        } finally {
                            connection.get().close();
                        }
                        return null;
                    }));
                }
                pool.shutdown();
                long lastCommands = 0;
                long lastAt = started;
                while (!pool.awaitTermination(15, TimeUnit.SECONDS)) {
                    long now = System.nanoTime();
                    long c = commands.get();
                    System.out.printf(Locale.ROOT, "  %s: %d/%d tasks, %d commands, last 15 s %.0f commands/s, load %s%n",
                            name, done.get(), tasks, c, (c - lastCommands) / ((now - lastAt) / 1e9), loadAverage());
                    lastCommands = c;
                    lastAt = now;
                }
                for (Future<?> future : futures) {
                    future.get(); // a failed client fails the phase
                }
            } finally {
                pool.shutdownNow();
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            Map<String, Double> cpuAfter = cpu == null ? null : cpu.sample();
            System.out.printf(Locale.ROOT, "%s: %d commands in %.1f s = %.0f commands/s%n", name, commands.get(), elapsed,
                    commands.get() / elapsed);
            for (int i = 0; i < kinds.length; i++) {
                long[] nanos = latencies.get(i).stream().mapToLong(Long::longValue).toArray();
                if (nanos.length > 0) {
                    Arrays.sort(nanos);
                    System.out.printf(Locale.ROOT, "  %-28s n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n", kinds[i],
                            nanos.length, percentile(nanos, 0.50), percentile(nanos, 0.99), nanos[nanos.length - 1] / 1e6);
                }
            }
            if (cpu != null) {
                printCpu("  CPU per command (ms)", cpuBefore, cpuAfter, commands.get(), elapsed);
            }
            uptime(name + " end");
        }
    }

    @FunctionalInterface
    private interface Task {
        void run(int index) throws Exception;
    }

    private void track(HttpConnection.Answer answer) {
        maxPosition.accumulateAndGet(answer.position(), Math::max);
    }

    /** A command's answer: checked, and its position remembered for {@link #awaitReadModels()}. */
    private HttpConnection.Answer command(HttpConnection.Answer answer, String what) {
        check(answer, what);
        track(answer);
        return answer;
    }

    private static HttpConnection.Answer check(HttpConnection.Answer answer, String what) {
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException(what + ": " + answer.status() + " " + answer.body());
        }
        return answer;
    }

    // ------------------------------------------------------------------------------------- measure

    private void measure() throws Exception {
        HttpConnection http = connection.get();
        if (options.containsKey("min-position")) {
            maxPosition.set(Long.parseLong(options.get("min-position")));
            awaitReadModels();
        }
        uptime("measure start");
        // the experiments of this seed, then a pool of their run ids (for runs:compare)
        List<String> experimentIds = new ArrayList<>();
        String page = "/api/v1/experiments?page_size=1000&namespace=" + namespace;
        Matcher matcher = NAME_AND_ID.matcher(check(http.get(page), "experiments").body());
        while (matcher.find()) {
            if (matcher.group(2).startsWith(prefix + "-e")) {
                experimentIds.add(matcher.group(1));
            }
        }
        if (experimentIds.isEmpty()) {
            throw new IllegalStateException("no experiment " + prefix + "-e* in namespace " + namespace + ": seed first");
        }
        List<String> runPool = new ArrayList<>();
        for (int e = 0; e < Math.min(10, experimentIds.size()); e++) {
            String body = check(http.get("/api/v1/search/runs?page_size=100&filter="
                    + encode("experiment_id = '" + experimentIds.get(e) + "'")), "runs of an experiment").body();
            Matcher run = RUN_ID.matcher(body);
            while (run.find()) {
                runPool.add(run.group(1));
            }
        }
        System.out.printf("dataset: %s runs in the search index, %s versions; %d experiments of this seed, %d runs in the compare pool%n",
                total(http, "/api/v1/search/runs?page_size=1"), total(http, "/api/v1/search/versions?page_size=1"),
                experimentIds.size(), runPool.size());
        Random random = new Random(7);
        double[] thresholds = {0.8, 0.85, 0.9, 0.95};
        int compositeModels = compositeEvery <= 0 ? 0 : (models + compositeEvery - 1) / compositeEvery;
        Map<String, IntFunction<String>> kinds = new LinkedHashMap<>();
        kinds.put("search runs: f1 > t AND max_depth = d, by f1 desc, 20", i -> "/api/v1/search/runs?filter="
                + encode("metrics.f1 > " + thresholds[random.nextInt(thresholds.length)] + " AND params.max_depth = '"
                + DEPTHS[random.nextInt(DEPTHS.length)] + "'") + "&order_by=" + encode("metrics.f1 desc") + "&page_size=20");
        kinds.put("search versions: f1 > t AND framework = f, by accuracy desc, 20", i -> "/api/v1/search/versions?filter="
                + encode("metrics.f1 > " + thresholds[random.nextInt(thresholds.length)] + " AND framework = '"
                + FRAMEWORKS[random.nextInt(FRAMEWORKS.length)] + "'") + "&order_by=" + encode("metrics.accuracy desc")
                + "&page_size=20");
        kinds.put("versions:compare, 10 versions", i -> {
            int first = 1 + random.nextInt(Math.max(1, versionsPerModel - 9));
            StringBuilder list = new StringBuilder();
            for (int v = first; v < first + 10; v++) {
                list.append(v == first ? "" : ",").append(v);
            }
            return "/api/v1/models/" + modelName(random.nextInt(models)) + "/versions:compare?versions=" + list;
        });
        if (compositeModels > 0) {
            kinds.put("lineage upstream depth 3 of a composite version", i -> "/api/v1/lineage/version:"
                    + modelName(random.nextInt(compositeModels) * compositeEvery) + "@" + (1 + random.nextInt(versionsPerModel))
                    + "?direction=upstream&depth=3");
        }
        kinds.put("lineage impact of a dataset", i -> "/api/v1/lineage/impact?dataset="
                + datasetDigests[random.nextInt(datasets)]);
        kinds.put("runs:compare, 10 runs", i -> {
            List<String> ids = new ArrayList<>(runPool);
            java.util.Collections.shuffle(ids, random);
            return "/api/v1/runs:compare?runs=" + String.join(",", ids.subList(0, 10));
        });
        List<String> table = new ArrayList<>();
        for (Map.Entry<String, IntFunction<String>> kind : kinds.entrySet()) {
            for (int i = 0; i < warmup; i++) {
                String path = kind.getValue().apply(i);
                check(http.get(path), path);
            }
            long[] nanos = new long[queries];
            long bytes = 0;
            long nodes = 0;
            Map<String, Double> cpuBefore = cpu == null ? null : cpu.sample();
            long started = System.nanoTime();
            String load = loadAverage();
            for (int i = 0; i < queries; i++) {
                String path = kind.getValue().apply(i);
                long t0 = System.nanoTime();
                HttpConnection.Answer answer = http.get(path);
                nanos[i] = System.nanoTime() - t0;
                check(answer, path);
                bytes += answer.body().length();
                nodes += count(answer.body(), "\"known\"");
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            Arrays.sort(nanos);
            String line = String.format(Locale.ROOT, "%-66s n=%d p50=%6.2f ms p99=%6.2f ms max=%6.2f ms, %.0f bytes/answer%s, load before %s",
                    kind.getKey(), queries, percentile(nanos, 0.50), percentile(nanos, 0.99), nanos[queries - 1] / 1e6,
                    (double) bytes / queries, nodes == 0 ? "" : String.format(Locale.ROOT, ", %.1f nodes/answer",
                            (double) nodes / queries), load);
            System.out.println(line);
            table.add(line);
            if (cpu != null) {
                printCpu("  CPU per request (ms)", cpuBefore, cpu.sample(), queries, elapsed);
            }
        }
        uptime("measure end");
    }

    private String total(HttpConnection http, String path) throws Exception {
        Matcher matcher = TOTAL_HITS.matcher(check(http.get(path), path).body());
        return matcher.find() ? matcher.group(1) : "?";
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    // ------------------------------------------------------------------------------------- rebuild

    private void rebuild() throws Exception {
        String scope = options.getOrDefault("scope", "all");
        if (!scope.equals("all") && !scope.equals("tracking")) {
            throw new IllegalArgumentException("--scope: all|tracking");
        }
        uptime("rebuild (" + scope + ") start");
        Map<String, Double> cpuBefore = cpu == null ? null : cpu.sample();
        ExecutorService progress = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rebuild-progress");
            thread.setDaemon(true);
            return thread;
        });
        Future<?> poller = progress.submit(() -> {
            try (HttpConnection status = new HttpConnection(base, token)) {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(10_000);
                    HttpConnection.Answer answer = status.get("/api/v1/admin/read-models/rebuild");
                    System.out.printf("  progress: %s, load %s%n", answer.body(), loadAverage());
                }
            } catch (InterruptedException done) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        long t0 = System.nanoTime();
        HttpConnection.Answer answer;
        try (HttpConnection http = new HttpConnection(base, token, (int) TimeUnit.HOURS.toMillis(2))) {
            answer = http.post("/api/v1/admin/read-models:rebuild?wait=true&scope=" + scope, json("{}"));
        } finally {
            poller.cancel(true);
            progress.shutdownNow();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "rebuild answered %d after %.1f s: %s%n", answer.status(), elapsed, answer.body());
        if (cpu != null) {
            Map<String, Double> cpuAfter = cpu.sample();
            Matcher replayed = Pattern.compile("\"events_replayed\"\\s*:\\s*(\\d+)").matcher(answer.body());
            long events = replayed.find() ? Long.parseLong(replayed.group(1)) : 1;
            printCpu("  CPU per replayed event (ms)", cpuBefore, cpuAfter, events, elapsed);
        }
        uptime("rebuild (" + scope + ") end");
    }

    // ------------------------------------------------------------------------------------- helpers

    private void printCpu(String label, Map<String, Double> before, Map<String, Double> after, long n, double elapsed) {
        System.out.printf("%s:%s%n", label, CpuMeter.perUnit(before, after, n, elapsed));
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static void uptime(String when) {
        System.out.printf("[%s] %s load average %s%n", java.time.Instant.now(), when, loadAverage());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String group(Pattern pattern, String body, String what) {
        Matcher matcher = pattern.matcher(body);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + what + " in " + body);
        }
        return matcher.group(1);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
