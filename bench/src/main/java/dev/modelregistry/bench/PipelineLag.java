package dev.modelregistry.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a command's read-model lag goes, stage by stage, while another process drives load (for example
 * {@code RegistryLoad --rate=150}): polls the registry's PostgreSQL once a millisecond and notes, for
 * every event position, when it became visible in the event store, when the Kafka publisher's tracking
 * token passed it (its batch was acknowledged by Kafka and the token committed), and when the
 * PostgreSQL and search projectors' progress passed it. Reads internal tables
 * ({@code event_store.domain_event_entry}, {@code event_store.token_entry},
 * {@code read_model.projection_progress}); a benchmark tool, not an API.
 *
 * <pre>
 * java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" dev.modelregistry.bench.PipelineLag \
 *     --jdbc-url=jdbc:postgresql://127.0.0.1:15432/registry --user=postgres --seconds=30
 * </pre>
 * Resolution ~1 ms plus one poll's duration; a position below a gap of the publisher's token counts
 * once the gap is filled.
 */
public final class PipelineLag {

    private static final Pattern INDEX = Pattern.compile("\"index\":(\\d+)");
    private static final Pattern FIRST_GAP = Pattern.compile("\"gaps\":\\[(\\d+)");
    private static final String[] STAGES = {"stored", "published", "postgres", "search"};

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            options.put(arg.substring(2, eq < 0 ? arg.length() : eq), eq < 0 ? "true" : arg.substring(eq + 1));
        }
        String url = options.getOrDefault("jdbc-url", "jdbc:postgresql://127.0.0.1:15432/registry");
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        try (Connection connection = DriverManager.getConnection(url, options.getOrDefault("user", "postgres"),
                options.getOrDefault("password", ""))) {
            report(poll(connection, seconds));
        }
    }

    /** For each position first seen by the probe: when each stage reached it (nanos, 0 = not seen). */
    private static Map<Long, long[]> poll(Connection connection, int seconds) throws Exception {
        PreparedStatement query = connection.prepareStatement("select "
                + "(select max(global_index) from event_store.domain_event_entry), "
                + "(select convert_from(token, 'UTF8') from event_store.token_entry where processor_name = 'kafka-publisher'), "
                + "(select max(position) from read_model.projection_progress where projector = 'postgres'), "
                + "(select max(position) from read_model.projection_progress where projector = 'search')");
        Map<Long, long[]> seen = new HashMap<>();
        long[] reached = null;
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            long[] current = new long[4];
            try (ResultSet row = query.executeQuery()) {
                row.next();
                current[0] = row.getLong(1);
                current[1] = published(row.getString(2));
                current[2] = row.getLong(3);
                current[3] = row.getLong(4);
            }
            if (reached == null) {
                reached = current; // positions before the probe started are not measured
            } else {
                for (int stage = 0; stage < 4; stage++) {
                    for (long position = reached[stage] + 1; position <= current[stage]; position++) {
                        seen.computeIfAbsent(position, key -> new long[4])[stage] = now;
                    }
                    reached[stage] = Math.max(reached[stage], current[stage]);
                }
            }
            long spent = System.nanoTime() - now;
            if (spent < 1_000_000) {
                Thread.sleep(0, (int) (1_000_000 - spent));
            }
        }
        return seen;
    }

    /** The highest position the publisher's token covers without a gap below it. */
    private static long published(String token) {
        if (token == null) {
            return 0;
        }
        Matcher index = INDEX.matcher(token);
        long published = index.find() ? Long.parseLong(index.group(1)) : 0;
        Matcher gap = FIRST_GAP.matcher(token);
        return gap.find() ? Math.min(published, Long.parseLong(gap.group(1)) - 1) : published;
    }

    private static void report(Map<Long, long[]> seen) {
        int[][] pairs = {{0, 1}, {1, 2}, {0, 2}, {0, 3}};
        for (int[] pair : pairs) {
            List<Long> lags = new ArrayList<>();
            for (long[] times : seen.values()) {
                if (times[pair[0]] != 0 && times[pair[1]] != 0) {
                    lags.add(times[pair[1]] - times[pair[0]]);
                }
            }
            String name = STAGES[pair[0]] + " -> " + STAGES[pair[1]];
            if (lags.isEmpty()) {
                System.out.println(name + ": no positions");
                continue;
            }
            Collections.sort(lags);
            System.out.printf(Locale.ROOT, "%-22s n=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms%n", name,
                    lags.size(), RegistryLoad.percentile(lags, 0.5), RegistryLoad.percentile(lags, 0.9),
                    RegistryLoad.percentile(lags, 0.99), lags.getLast() / 1e6);
        }
    }
}
