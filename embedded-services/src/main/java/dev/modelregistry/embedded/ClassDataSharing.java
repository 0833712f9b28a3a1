package dev.modelregistry.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dynamic AppCDS archive for a child JVM: the first run records the classes it loaded into a
 * temporary file at exit ({@code -XX:ArchiveClassesAtExit}), which is then renamed into place
 * atomically; later runs map it read-only ({@code -XX:SharedArchiveFile}). Halves the Kafka
 * broker's warm start. The archive name hashes the JDK and the class path, so another JDK or jar set
 * records a new one; an unusable archive only costs the speed-up (-Xshare:auto). Off with
 * {@value #ENABLED_KEY}=false.
 */
final class ClassDataSharing {

    static final String ENABLED_KEY = "registry.services.cds";

    private static final Logger log = LoggerFactory.getLogger(ClassDataSharing.class);

    private final Path archive;
    private final Path pending;

    private ClassDataSharing(Path archive, Path pending) {
        this.archive = archive;
        this.pending = pending;
    }

    /** null when disabled or no cache directory can be written. */
    static ClassDataSharing forClasspath(String name, List<Path> classpath) {
        if (!Settings.getBoolean(ENABLED_KEY, true)) {
            return null;
        }
        try {
            Path dir = ServicesHome.cacheDirectory().resolve("cds");
            Files.createDirectories(dir);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((System.getProperty("java.home") + "\n" + Runtime.version() + "\n" + classpath)
                    .getBytes(StandardCharsets.UTF_8));
            String hash = HexFormat.of().formatHex(digest.digest(), 0, 8);
            Path archive = dir.resolve(name + "-" + hash + ".jsa");
            Path pending = dir.resolve(name + "-" + hash + "." + ProcessHandle.current().pid() + "."
                    + System.nanoTime() + ".jsa.tmp");
            return new ClassDataSharing(archive, pending);
        } catch (IOException | NoSuchAlgorithmException | RuntimeException e) {
            log.debug("no class data sharing: {}", e.toString());
            return null;
        }
    }

    /** Options for a JVM that may record the archive. */
    List<String> recordingOptions() {
        return Files.isRegularFile(archive)
                ? List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off")
                : List.of("-XX:ArchiveClassesAtExit=" + pending, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /** Options for a JVM that only reads the archive (none if there is none yet). */
    List<String> readingOptions() {
        return Files.isRegularFile(archive)
                ? List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off")
                : List.of();
    }

    /** After the recording JVM exited normally: publish its archive (first writer wins). */
    void publish(boolean exitedNormally) {
        try {
            if (exitedNormally && Files.size(pending) > 0 && !Files.exists(archive)) {
                Files.move(pending, archive, StandardCopyOption.ATOMIC_MOVE);
                log.debug("class data sharing archive {} recorded", archive);
            }
        } catch (IOException e) {
            // absent (JVM used an existing archive) or lost the race
        } finally {
            try {
                Files.deleteIfExists(pending);
            } catch (IOException e) {
                // ignore
            }
        }
    }
}
