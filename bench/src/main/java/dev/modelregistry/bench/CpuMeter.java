package dev.modelregistry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time (user + system, from /proc, Linux only) of the processes of a standalone registry, grouped
 * into registry JVM, PostgreSQL, Kafka, Elasticsearch and this load generator. CPU per command is the
 * figure that survives a shared, noisy machine, where wall-clock throughput does not.
 *
 * <p>Roots are found by their command line containing the registry's data directory (and, for the
 * registry itself, {@code registry-standalone.jar} or {@code StandaloneRegistry}); every other
 * process belongs to the group of its nearest root ancestor (the PostgreSQL backends to the
 * postmaster, Elasticsearch's server JVM to its launcher, helper shells to the registry). Processes
 * that exit during a run are not counted: PostgreSQL backends are pooled, so that is negligible.
 */
final class CpuMeter {

    static final String LOAD_GENERATOR = "load generator";
    private static final double TICK_SECONDS = 0.01; // USER_HZ is 100 on Linux
    private static final String[] GROUPS = {"registry", "postgresql", "kafka", "elasticsearch", LOAD_GENERATOR};

    private final String dataDir;

    CpuMeter(String dataDir) {
        this.dataDir = dataDir;
    }

    /** CPU seconds consumed so far per group, for processes alive now. */
    Map<String, Double> sample() {
        Map<Long, Long> parents = new HashMap<>();
        Map<Long, Long> ticks = new HashMap<>();
        Map<Long, String> roots = new HashMap<>();
        long self = ProcessHandle.current().pid();
        roots.put(self, LOAD_GENERATOR);
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long pid = Long.parseLong(name);
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    // fields after the command name, which is in parentheses and may hold spaces
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    parents.put(pid, Long.parseLong(fields[1]));
                    ticks.put(pid, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                    String group = rootGroup(new String(Files.readAllBytes(entry.resolve("cmdline"))).replace('\0', ' '));
                    if (group != null && pid != self) {
                        roots.put(pid, group);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process exited while we looked
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc", e);
        }
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String group : GROUPS) {
            seconds.put(group, 0.0);
        }
        ticks.forEach((pid, t) -> {
            String group = groupOf(pid, parents, roots);
            if (group != null) {
                seconds.merge(group, t * TICK_SECONDS, Double::sum);
            }
        });
        return seconds;
    }

    /**
     * The CPU milliseconds per unit of work (command, request, replayed event) of each group between two
     * {@link #sample}s, their total and the cores busy:
     * {@code " registry 0.123 postgresql 0.045 ... = total 0.210 (1.85 cores busy)"}.
     */
    static String perUnit(Map<String, Double> before, Map<String, Double> after, long units, double elapsedSeconds) {
        double total = 0;
        StringBuilder line = new StringBuilder();
        for (Map.Entry<String, Double> e : after.entrySet()) {
            double used = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            total += used;
            line.append(String.format(Locale.ROOT, " %s %.3f", e.getKey(), used * 1000 / units));
        }
        return line + String.format(Locale.ROOT, " = total %.3f (%.2f cores busy)", total * 1000 / units,
                total / elapsedSeconds);
    }

    private String rootGroup(String cmdline) {
        if (cmdline.contains("registry-standalone.jar") || cmdline.contains("dev.modelregistry.standalone")) {
            return cmdline.contains(dataDir) || !cmdline.contains("--registry.data-dir") ? "registry" : null;
        }
        if (!cmdline.contains(dataDir)) {
            return null;
        }
        if (cmdline.contains("bin/postgres")) {
            return "postgresql";
        }
        if (cmdline.contains("kafka.Kafka")) {
            return "kafka";
        }
        if (cmdline.contains("org.elasticsearch")) {
            return "elasticsearch";
        }
        return null;
    }

    private static String groupOf(long pid, Map<Long, Long> parents, Map<Long, String> roots) {
        for (long p = pid, hops = 0; hops < 64; hops++) {
            String group = roots.get(p);
            if (group != null) {
                return group;
            }
            Long parent = parents.get(p);
            if (parent == null || parent <= 1) {
                return null;
            }
            p = parent;
        }
        return null;
    }
}
