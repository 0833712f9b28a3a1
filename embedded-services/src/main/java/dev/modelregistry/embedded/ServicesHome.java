package dev.modelregistry.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds what the child processes run from: the Kafka broker jars and the Elasticsearch home.
 *
 * <p>The build materialises them under {@code embedded-services/target}: {@code kafka-broker/lib}
 * (maven-dependency-plugin copy-dependencies) and {@code elasticsearch/elasticsearch-<version>}
 * (unpack of the Maven Central zip), and records that directory and the broker class path (relative
 * to the local Maven repository) in resources of this jar. Lookup order:
 * <ol>
 * <li>{@value #KAFKA_LIB_KEY} / {@value #ELASTICSEARCH_HOME_KEY}: the directory itself;</li>
 * <li>{@value #HOME_KEY} (env {@code REGISTRY_SERVICES_HOME}): a directory with the same layout as
 * {@code target} ({@code kafka-broker/lib}, {@code elasticsearch/elasticsearch-<version>}), which is
 * what a packaged launcher ships;</li>
 * <li>the build directory recorded at build time ({@value #BUILD_DIR_KEY} replaces it);</li>
 * <li>the local Maven repository ({@code maven.repo.local} or {@code ~/.m2/repository}): the
 * broker jars as they are, the Elasticsearch zip unpacked once into
 * {@code <java.io.tmpdir>/model-registry-services-<user>}.</li>
 * </ol>
 */
public final class ServicesHome {

    public static final String HOME_KEY = "registry.services.home";
    public static final String KAFKA_LIB_KEY = "registry.services.kafka.lib-dir";
    public static final String ELASTICSEARCH_HOME_KEY = "registry.services.elasticsearch.home";
    /** Replaces the build directory recorded at build time (mostly for testing the fallbacks). */
    public static final String BUILD_DIR_KEY = "registry.services.build-dir";

    private static final Logger log = LoggerFactory.getLogger(ServicesHome.class);
    private static final String RESOURCES = "META-INF/registry-services/";
    private static final Properties BUILD = load();

    private ServicesHome() {
    }

    public static String kafkaVersion() {
        return BUILD.getProperty("kafka.version");
    }

    public static String elasticsearchVersion() {
        return BUILD.getProperty("elasticsearch.version");
    }

    /** The broker class path, every jar present. */
    public static List<Path> kafkaBrokerClasspath() {
        List<String> entries = new ArrayList<>();
        entries.addAll(classpathResource("kafka-broker.classpath"));
        entries.addAll(classpathResource("kafka-broker-shared.classpath"));
        List<String> names = entries.stream().map(e -> e.substring(e.lastIndexOf('/') + 1)).distinct().toList();

        Optional<Path> explicit = Settings.getPath(KAFKA_LIB_KEY)
                .or(() -> Settings.getPath(HOME_KEY).map(h -> h.resolve("kafka-broker/lib")));
        if (explicit.isPresent()) {
            List<Path> jars = inDirectory(explicit.get(), names);
            if (jars.size() != names.size()) {
                throw new IllegalStateException("Kafka broker jars incomplete in " + explicit.get() + ": missing "
                        + missing(explicit.get(), names) + " (set by " + KAFKA_LIB_KEY + " or " + HOME_KEY + ")");
            }
            return jars;
        }
        Path built = buildDirectory().resolve("kafka-broker/lib");
        List<Path> jars = inDirectory(built, names);
        if (jars.size() == names.size()) {
            return jars;
        }
        Path repository = localRepository();
        List<Path> fromRepository = entries.stream()
                .map(e -> repository.resolve(e.replaceFirst("^\\$M2/", "")))
                .distinct()
                .toList();
        if (fromRepository.stream().allMatch(Files::isRegularFile)) {
            log.info("Kafka broker jars taken from the local Maven repository {}", repository);
            return fromRepository;
        }
        throw new IllegalStateException("Kafka " + kafkaVersion() + " broker jars not found in " + built + " nor in "
                + repository + ". Build the module (./mvnw -pl embedded-services install) or point "
                + Settings.envName(HOME_KEY) + " at a directory holding kafka-broker/lib.");
    }

    /** An Elasticsearch home: a directory with bin/elasticsearch. */
    public static Path elasticsearchHome() {
        String version = elasticsearchVersion();
        String dirName = "elasticsearch-" + version;
        Optional<Path> explicit = Settings.getPath(ELASTICSEARCH_HOME_KEY)
                .or(() -> Settings.getPath(HOME_KEY).map(h -> h.resolve("elasticsearch").resolve(dirName)));
        if (explicit.isPresent()) {
            if (!isElasticsearchHome(explicit.get())) {
                throw new IllegalStateException("No Elasticsearch distribution (bin/elasticsearch) in " + explicit.get()
                        + " (set by " + ELASTICSEARCH_HOME_KEY + " or " + HOME_KEY + ")");
            }
            return explicit.get();
        }
        Path built = buildDirectory().resolve("elasticsearch").resolve(dirName);
        if (isElasticsearchHome(built)) {
            return built;
        }
        Path zip = localRepository().resolve("org/elasticsearch/distribution/integ-test-zip/elasticsearch")
                .resolve(version).resolve("elasticsearch-" + version + ".zip");
        if (Files.isRegularFile(zip)) {
            return unpackOnce(zip, cacheDirectory(), dirName);
        }
        throw new IllegalStateException("Elasticsearch " + version + " distribution not found in " + built
                + " nor as " + zip + ". Build the module (./mvnw -pl embedded-services install) or point "
                + Settings.envName(HOME_KEY) + " at a directory holding elasticsearch/" + dirName + ".");
    }

    static boolean isElasticsearchHome(Path home) {
        return Files.isRegularFile(home.resolve("bin/elasticsearch")) && Files.isDirectory(home.resolve("lib"));
    }

    static Path buildDirectory() {
        return Settings.getPath(BUILD_DIR_KEY)
                .orElseGet(() -> Path.of(BUILD.getProperty("build.services.dir", "embedded-services/target")));
    }

    /** A per-user cache directory for what is derived at run time (unpacked zip, CDS archives). */
    static Path cacheDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "model-registry-services-" + System.getProperty("user.name"));
    }

    static Path localRepository() {
        return Optional.ofNullable(System.getProperty("maven.repo.local"))
                .map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".m2", "repository"));
    }

    private static List<Path> inDirectory(Path dir, List<String> names) {
        return names.stream().map(dir::resolve).filter(Files::isRegularFile).toList();
    }

    private static List<String> missing(Path dir, List<String> names) {
        return names.stream().filter(n -> !Files.isRegularFile(dir.resolve(n))).toList();
    }

    private static List<String> classpathResource(String name) {
        try (InputStream in = ServicesHome.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCES + name + " missing: embedded-services was not built by Maven");
            }
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("[|\\r\\n]+"))
                    .map(String::trim).filter(s -> !s.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = ServicesHome.class.getClassLoader().getResourceAsStream(RESOURCES + "build.properties")) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCES + "build.properties missing: embedded-services was not built by Maven");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** Unpacks the zip into cacheDir/dirName once (atomic rename, so concurrent JVMs are safe). */
    private static Path unpackOnce(Path zip, Path cacheDir, String dirName) {
        Path target = cacheDir.resolve(dirName);
        if (isElasticsearchHome(target)) {
            return target;
        }
        try {
            Files.createDirectories(cacheDir);
            Path staging = Files.createTempDirectory(cacheDir, dirName + ".unpacking-");
            log.info("Unpacking {} into {}", zip, target);
            try (ZipFile zipFile = new ZipFile(zip.toFile())) {
                Enumeration<? extends ZipEntry> entries = zipFile.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    Path out = staging.resolve(entry.getName()).normalize();
                    if (!out.startsWith(staging)) {
                        throw new IOException("zip entry escapes the target: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                        continue;
                    }
                    Files.createDirectories(out.getParent());
                    try (InputStream in = zipFile.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                    // java.util.zip drops Unix modes: scripts under bin/ must be executable
                    if (out.getParent().getFileName().toString().equals("bin") && !out.toString().endsWith(".bat")
                            && !out.toString().endsWith(".exe")) {
                        out.toFile().setExecutable(true, false);
                    }
                }
            }
            Path unpacked = staging.resolve(dirName);
            try {
                Files.move(unpacked, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | java.nio.file.FileAlreadyExistsException
                     | java.nio.file.DirectoryNotEmptyException e) {
                if (!isElasticsearchHome(target)) {
                    throw e;
                }
            }
            FileTrees.deleteRecursively(staging);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip, e);
        }
    }
}
