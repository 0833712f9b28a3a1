package dev.modelregistry.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The few POSIX user operations needed to run Elasticsearch, which refuses to run as root. */
final class OsUser {

    private static final Logger log = LoggerFactory.getLogger(OsUser.class);

    private OsUser() {
    }

    static boolean isRoot() {
        try {
            return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
        } catch (Throwable e) { // jdk.security.auth absent from a trimmed runtime
            return "root".equals(System.getProperty("user.name"));
        }
    }

    static boolean exists(String user) {
        return run(List.of("id", "-u", user)).exitCode() == 0;
    }

    /** Creates an unprivileged system user without home and login shell, if missing. */
    static void ensureSystemUser(String user) {
        if (exists(user)) {
            return;
        }
        String nologin = Files.isExecutable(Path.of("/usr/sbin/nologin")) ? "/usr/sbin/nologin" : "/bin/false";
        Result result = run(List.of(executable("useradd"), "-r", "-M", "-s", nologin, user));
        if (result.exitCode() != 0) {
            // BusyBox (Alpine)
            Result busybox = run(List.of(executable("adduser"), "-S", "-D", "-H", "-s", nologin, user));
            if (busybox.exitCode() != 0 && !exists(user)) { // a concurrent JVM may have created it
                throw new IllegalStateException("cannot create system user " + user + ": " + result.output()
                        + " / " + busybox.output());
            }
        }
        log.info("Created unprivileged system user {} to run Elasticsearch (it refuses to run as root)", user);
    }

    static void chownRecursively(String user, Path path) {
        Result result = run(List.of("chown", "-R", user + ":", path.toString()));
        if (result.exitCode() != 0) {
            // a user without a group of its own
            result = run(List.of("chown", "-R", user, path.toString()));
        }
        if (result.exitCode() != 0) {
            throw new IllegalStateException("cannot chown " + path + " to " + user + ": " + result.output());
        }
    }

    /** Runs a shell test as the user, e.g. whether it can read a directory. */
    static boolean can(String user, String shellTest, String... args) {
        List<String> command = new ArrayList<>(List.of(executable("runuser"), "-u", user, "--", "sh", "-c", shellTest, "sh"));
        command.addAll(List.of(args));
        return run(command).exitCode() == 0;
    }

    static String executable(String name) {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return dir + "/" + name;
            }
        }
        return name;
    }

    record Result(int exitCode, String output) {
    }

    static Result run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out: " + command);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void require(Result result, String what) {
        if (result.exitCode() != 0) {
            throw new UncheckedIOException(new IOException(what + " failed: " + result.output()));
        }
    }
}
