package dev.modelregistry.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service process started under a small POSIX {@code sh} guard. The guard starts the command,
 * forwards SIGTERM/SIGINT/SIGHUP to it, and terminates it when the JVM that started it is gone (a
 * watcher polls the parent pid every second), so no broker or search node outlives a JVM killed
 * with -9.
 * The pids of the process tree are written to a pid file so that the next start on the same data
 * directory can stop a survivor (e.g. after the machine's guard was killed too).
 */
final class ChildProcess {

    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);

    /** $1 = parent pid, rest = command. Exit status = the command's. */
    private static final String GUARD = """
            parent=$1; shift
            "$@" &
            child=$!
            watch='while kill -0 "$1" 2>/dev/null; do sleep 1; done; kill -TERM "$2" 2>/dev/null'
            sh -c "$watch" registry-watcher "$parent" $$ </dev/null >/dev/null 2>&1 &
            watcher=$!
            trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; s=$?; kill "$watcher" 2>/dev/null; exit $s' TERM INT HUP
            wait "$child"
            s=$?
            kill "$watcher" 2>/dev/null
            exit $s
            """;

    private final String name;
    private final Process guard;
    private final Path pidFile;
    private final Path output;

    private ChildProcess(String name, Process guard, Path pidFile, Path output) {
        this.name = name;
        this.guard = guard;
        this.pidFile = pidFile;
        this.output = output;
    }

    static ChildProcess start(String name, List<String> command, Path workDir, Map<String, String> env,
                              Set<String> removeEnv, Path output, Path pidFile) {
        List<String> full = new ArrayList<>(List.of("sh", "-c", GUARD, "registry-guard-" + name,
                Long.toString(ProcessHandle.current().pid())));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        removeEnv.forEach(builder.environment()::remove);
        builder.environment().putAll(env);
        try {
            Files.createDirectories(output.getParent());
            Process process = builder.start();
            ChildProcess child = new ChildProcess(name, process, pidFile, output);
            child.recordPids();
            log.debug("{}: started {} (guard pid {})", name, command, process.pid());
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot start " + command, e);
        }
    }

    boolean isAlive() {
        return guard.isAlive();
    }

    Optional<Integer> exitCode() {
        return guard.isAlive() ? Optional.empty() : Optional.of(guard.exitValue());
    }

    long pid() {
        return guard.pid();
    }

    /** The guard and the live processes of the service (not the guard's parent watcher), the guard first. */
    List<ProcessHandle> tree() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(guard.toHandle());
        guard.children()
                .filter(c -> !c.info().commandLine().map(l -> l.contains("registry-watcher")).orElse(false))
                .forEach(c -> {
                    all.add(c);
                    c.descendants().forEach(all::add);
                });
        return all;
    }

    /** Resident set size of the whole tree, from /proc (Linux), or -1. */
    long residentBytes() {
        long total = 0;
        for (ProcessHandle handle : tree()) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(handle.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        total += Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
        return total;
    }

    /** Writes the pids of the process tree (the service's own processes appear once they exist). */
    void recordPids() {
        String pids = tree().stream().map(h -> Long.toString(h.pid())).collect(Collectors.joining("\n"));
        try {
            Files.writeString(pidFile, pids + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            log.warn("{}: cannot write {}: {}", name, pidFile, e.toString());
        }
    }

    /**
     * SIGTERM to {@code target} (a process of the tree) instead of the guard, then as {@link #stop}.
     * For trees where an intermediate process delays a forwarded signal (runuser sleeps 2 s after
     * forwarding one).
     */
    boolean stopVia(ProcessHandle target, Duration timeout) {
        long started = System.nanoTime();
        target.destroy();
        try {
            guard.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Duration left = timeout.minusNanos(System.nanoTime() - started);
        return stop(left.isNegative() ? Duration.ofSeconds(1) : left);
    }

    /**
     * SIGTERM to the guard (which forwards it), then SIGKILL to whatever is left after the timeout.
     *
     * @return true if everything exited by itself within the timeout
     */
    boolean stop(Duration timeout) {
        List<ProcessHandle> snapshot = tree();
        guard.destroy();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean graceful = true;
        try {
            if (!guard.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{}: did not stop within {} s, killing it", name, timeout.toSeconds());
                graceful = false;
            }
            for (ProcessHandle handle : snapshot) {
                long left = Math.max(0, deadline - System.nanoTime());
                if (handle.isAlive()) {
                    handle.onExit().get(Math.max(left, 1_000_000_000L), TimeUnit.NANOSECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            graceful = false;
        } catch (Exception e) {
            graceful = false; // timed out: fall through to the forced kill
        }
        snapshot.forEach(ProcessHandle::destroyForcibly);
        guard.destroyForcibly();
        try {
            guard.waitFor(5, TimeUnit.SECONDS);
            Files.deleteIfExists(pidFile);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.debug("{}: cannot delete {}", name, pidFile);
        }
        return graceful;
    }

    String outputTail(int lines) {
        return tail(output, lines);
    }

    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no " + file + ")";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /**
     * Stops processes left over by an earlier run on the same data directory: a pid from the pid
     * file counts only if its command line mentions {@code marker} (the data directory), so a
     * recycled pid of an unrelated process is never touched.
     */
    static void killStale(String name, Path pidFile, String marker) {
        if (!Files.exists(pidFile)) {
            return;
        }
        Set<ProcessHandle> stale = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(pidFile)) {
                if (line.isBlank()) {
                    continue;
                }
                ProcessHandle.of(Long.parseLong(line.trim()))
                        .filter(ProcessHandle::isAlive)
                        .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                        .ifPresent(stale::add);
            }
        } catch (IOException | NumberFormatException e) {
            log.debug("{}: unreadable pid file {}", name, pidFile);
        }
        if (!stale.isEmpty()) {
            log.warn("{}: stopping {} process(es) left over by an earlier run: {}", name, stale.size(),
                    stale.stream().map(h -> Long.toString(h.pid())).collect(Collectors.joining(",")));
            stale.forEach(ProcessHandle::destroy);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (stale.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                sleep(100);
            }
            stale.forEach(ProcessHandle::destroyForcibly);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            log.debug("{}: cannot delete {}", name, pidFile);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
