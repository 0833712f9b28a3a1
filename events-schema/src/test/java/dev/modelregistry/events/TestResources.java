package dev.modelregistry.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads and lists class-path resources of this module's build output. */
final class TestResources {

    private TestResources() {
    }

    static byte[] read(String name) {
        try (InputStream in = TestResources.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean exists(String name) {
        return TestResources.class.getClassLoader().getResource(name) != null;
    }

    /** Paths (relative to {@code directory}, with '/') of the files below a class-path directory. */
    static List<String> filesUnder(String directory) {
        URL url = TestResources.class.getClassLoader().getResource(directory);
        if (url == null) {
            return List.of();
        }
        try {
            Path root = Path.of(url.toURI());
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(Files::isRegularFile)
                        .map(file -> root.relativize(file).toString().replace('\\', '/'))
                        .sorted()
                        .toList();
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
