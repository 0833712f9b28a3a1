package dev.modelregistry.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Rollback latency against a running registry (issue 4: "rollback: command-to-Kafka time well under one
 * second"; docs/benchmarks.md, "Rollback: command to Kafka").
 *
 * <p>Sets up one model in the default namespace with two versions (one small artifact uploaded first),
 * v1 and then v2 moved to Production ({@code :transition}, {@code archive_existing}), then repeats
 * {@code --rollbacks} times: {@code POST /api/v1/models/{name}:rollback} and measure (a) the time to its
 * HTTP answer and (b) the time until its {@code ProductionRolledBack} record
 * ({@code ce_type dev.modelregistry.model.production-rolled-back}, key = the model) is read from Kafka by
 * a consumer that was positioned at the end of every partition before the first rollback; both from the
 * moment the request is sent. Then the version that was rolled back (now Archived) is brought back
 * ({@code :restore}, Staging, Production archiving the other), so that the next rollback has a previous
 * Production version to return to. One command at a time, one keep-alive connection.
 *
 * <p>Each rollback carries its own {@code X-Correlation-Id}; the record is recognised by its
 * {@code ce_correlationid}, so a late record is never counted for the next rollback.
 *
 * <pre>
 * java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.modelregistry.bench.RollbackLatency \
 *     --url=http://127.0.0.1:18480 --token=$TOKEN --kafka=127.0.0.1:19092 --rollbacks=200
 * </pre>
 */
public final class RollbackLatency {

    static final String ROLLED_BACK = "dev.modelregistry.model.production-rolled-back";
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern FROM_VERSION = Pattern.compile("\"from_version\"\\s*:\\s*(\\d+)");
    private static final Pattern TO_VERSION = Pattern.compile("\"to_version\"\\s*:\\s*(\\d+)");
    private static final byte[] STAGING = json("{\"stage\":\"Staging\",\"reason\":\"rollback bench\"}");
    private static final byte[] PRODUCTION =
            json("{\"stage\":\"Production\",\"archive_existing\":true,\"reason\":\"rollback bench\"}");
    private static final byte[] ROLLBACK = json("{\"reason\":\"rollback bench\"}");

    /** A rollback record as the consumer thread saw it: when, and what it says. */
    private record Seen(long nanos, long wallMillis, long recordTimestamp, String correlationId, String value) {
    }

    private final HttpConnection http;
    private final String url;
    private final String kafka;
    private final String topic;
    private final String model;
    private final int rollbacks;
    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private volatile boolean stopping;

    private RollbackLatency(HttpConnection http, String url, String kafka, String topic, String model, int rollbacks) {
        this.http = http;
        this.url = url;
        this.kafka = kafka;
        this.topic = topic;
        this.model = model;
        this.rollbacks = rollbacks;
    }

    public static void main(String[] args) throws Exception {
        // the Kafka client logs its whole configuration at INFO; only warnings matter here
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        String url = "http://127.0.0.1:8080";
        String token = System.getenv("REGISTRY_TOKEN");
        String username = "admin";
        String password = null;
        String kafka = "127.0.0.1:19092"; // the standalone registry's embedded Kafka (docs/operations.md)
        String topic = "registry.events";
        String model = "rollback-" + UUID.randomUUID().toString().substring(0, 8);
        int rollbacks = 200;
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            switch (kv[0]) {
                case "url" -> url = kv[1];
                case "token" -> token = kv[1];
                case "username" -> username = kv[1];
                case "password" -> password = kv[1];
                case "kafka" -> kafka = kv[1];
                case "topic" -> topic = kv[1];
                case "model" -> model = kv[1];
                case "rollbacks" -> rollbacks = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        URI base = URI.create(url);
        if ((token == null || token.isBlank()) && password != null) {
            token = signIn(base, username, password);
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException(
                    "give a bearer token (--token=... or REGISTRY_TOKEN) or --username=... --password=... to sign in");
        }
        try (HttpConnection http = new HttpConnection(base, token)) {
            new RollbackLatency(http, url, kafka, topic, model, rollbacks).run();
        }
    }

    /** {@code POST /api/v1/auth/login}: an access token (15 minutes by default: enough for a few thousand rollbacks). */
    private static String signIn(URI base, String username, String password) throws Exception {
        try (HttpConnection anonymous = new HttpConnection(base, null)) {
            HttpConnection.Answer answer = check(anonymous.post("/api/v1/auth/login",
                    json("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")), "sign-in");
            Matcher token = ACCESS_TOKEN.matcher(answer.body());
            if (!token.find()) {
                throw new IllegalStateException("sign-in answered no access_token");
            }
            return token.group(1);
        }
    }

    private void run() throws Exception {
        String versions = "/api/v1/models/" + model + "/versions";
        setUp(versions);

        KafkaConsumer<String, byte[]> consumer = consumer();
        CountDownLatch positioned = new CountDownLatch(1);
        Thread reader = new Thread(() -> consume(consumer, positioned), "kafka-tail");
        reader.setDaemon(true);
        reader.start();
        if (!positioned.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the consumer could not position itself at the end of " + topic + " on " + kafka);
        }

        System.out.printf(Locale.ROOT, "rollback: %d rollbacks of %s against %s, Kafka %s topic %s%n",
                rollbacks, model, url, kafka, topic);
        long[] answers = new long[rollbacks];
        long[] toKafka = new long[rollbacks];
        long[] eventTimeToConsumer = new long[rollbacks];
        int missing = 0;
        String runId = Long.toString(System.currentTimeMillis(), 36);
        for (int i = 0; i < rollbacks; i++) {
            String correlationId = "rollback-bench-" + runId + "-" + i;
            long t0 = System.nanoTime();
            HttpConnection.Answer answer = http.post("/api/v1/models/" + model + ":rollback", ROLLBACK,
                    "X-Correlation-Id", correlationId);
            long answered = System.nanoTime();
            check(answer, "rollback " + i);
            answers[i] = answered - t0;
            int from = intOf(FROM_VERSION, answer.body());
            int to = intOf(TO_VERSION, answer.body());
            Seen record = awaitRecord(correlationId, t0 + Duration.ofSeconds(30).toNanos());
            if (record == null) {
                missing++;
                toKafka[i] = Long.MAX_VALUE;
                eventTimeToConsumer[i] = Long.MAX_VALUE;
                System.err.printf("rollback %d: no record within 30 s%n", i);
            } else {
                if (intOf(FROM_VERSION, record.value()) != from || intOf(TO_VERSION, record.value()) != to) {
                    throw new IllegalStateException("rollback " + i + " answered " + answer.body()
                            + " but its record says " + record.value());
                }
                toKafka[i] = record.nanos() - t0;
                // the record's timestamp is the event time, taken inside the command before it commits
                eventTimeToConsumer[i] = (record.wallMillis() - record.recordTimestamp()) * 1_000_000;
            }
            // bring the rolled-back version back, so that the next rollback has somewhere to go
            String rolledBack = versions + "/" + from;
            check(http.post(rolledBack + ":restore", json("{\"reason\":\"rollback bench\"}")), "restore " + from);
            check(http.post(rolledBack + ":transition", STAGING), "staging " + from);
            check(http.post(rolledBack + ":transition", PRODUCTION), "production " + from);
        }
        stopping = true;
        consumer.wakeup();
        reader.join(5_000);

        System.out.printf(Locale.ROOT, "rollbacks: %d, records missing after 30 s: %d%n", rollbacks, missing);
        line("rollback HTTP answer", answers);
        line("rollback command to Kafka consumer", toKafka);
        line("event time to Kafka consumer (ms clock)", eventTimeToConsumer);
    }

    /**
     * A model without owner team (it is then {@code default}, whose team holds the bootstrap admin, so no
     * orphan gate), two versions of one uploaded file, v1 then v2 in Production: the Production history
     * the first rollback walks back.
     */
    private void setUp(String versions) throws Exception {
        byte[] artifact = ("rollback benchmark " + model).getBytes(StandardCharsets.UTF_8);
        check(http.post("/api/v1/artifacts", artifact), "artifact upload");
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(artifact));
        check(http.post("/api/v1/models", json("{\"name\":\"" + model + "\",\"description\":\"rollback benchmark\"}")),
                "register model");
        byte[] version = json("{\"files\":[{\"path\":\"model.bin\",\"sha256\":\"" + digest + "\",\"size\":"
                + artifact.length + "}],\"framework\":\"xgboost\",\"metrics\":{\"accuracy\":0.9}}");
        for (int v = 1; v <= 2; v++) {
            check(http.post(versions, version), "register version " + v);
            check(http.post(versions + "/" + v + ":transition", STAGING), "staging " + v);
            check(http.post(versions + "/" + v + ":transition", PRODUCTION), "production " + v);
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // assigned, no group: nothing to commit
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "rollback-bench");
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1); // the broker answers as soon as one record is there
        return new KafkaConsumer<>(config);
    }

    /**
     * The consumer thread: all partitions of the topic, positioned at their end (forced with
     * {@code position}, since {@code seekToEnd} is lazy), then polls until stopped and hands on every
     * rollback record of our model, stamped with the time it came out of {@code poll}.
     */
    private void consume(KafkaConsumer<String, byte[]> consumer, CountDownLatch positioned) {
        try (consumer) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " has no partitions");
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            for (TopicPartition partition : partitions) {
                consumer.position(partition, Duration.ofSeconds(30));
            }
            positioned.countDown();
            while (!stopping) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    long now = System.nanoTime();
                    long wall = System.currentTimeMillis();
                    if (model.equals(record.key()) && ROLLED_BACK.equals(header(record, "ce_type"))) {
                        seen.add(new Seen(now, wall, record.timestamp(), header(record, "ce_correlationid"),
                                new String(record.value(), StandardCharsets.UTF_8)));
                    }
                }
            }
        } catch (WakeupException stopped) {
            // end of the run
        } catch (RuntimeException e) {
            System.err.println("Kafka consumer failed: " + e);
        }
    }

    private Seen awaitRecord(String correlationId, long giveUpAt) throws InterruptedException {
        for (long left = giveUpAt - System.nanoTime(); left > 0; left = giveUpAt - System.nanoTime()) {
            Seen record = seen.poll(left, TimeUnit.NANOSECONDS);
            if (record != null && correlationId.equals(record.correlationId())) {
                return record;
            }
            if (record != null) {
                System.err.println("a rollback record of another command arrived late: " + record.correlationId());
            }
        }
        return null;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static int intOf(Pattern pattern, String json) {
        Matcher matcher = pattern.matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern.pattern() + " in " + json);
        }
        return Integer.parseInt(matcher.group(1));
    }

    private static void line(String name, long[] nanos) {
        long[] sorted = Arrays.stream(nanos).filter(n -> n != Long.MAX_VALUE).sorted().toArray();
        if (sorted.length == 0) {
            System.out.printf("%-42s no samples%n", name);
            return;
        }
        System.out.printf(Locale.ROOT, "%-42s n=%d p50=%.1f ms p95=%.1f ms p99=%.1f ms max=%.1f ms%n", name,
                sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.95), percentile(sorted, 0.99),
                sorted[sorted.length - 1] / 1e6);
    }

    /** Nearest rank, as in {@link RegistryLoad}. */
    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
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
