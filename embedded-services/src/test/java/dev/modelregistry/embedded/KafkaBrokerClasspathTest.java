package dev.modelregistry.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The broker lib dir must hold kafka_2.13's whole runtime closure. Maven's mediation gives the
 * artifacts the broker shares with this module another scope, so the pom lists them by hand; this
 * compares the lib dir with every node under kafka_2.13 in the verbose dependency tree.
 */
class KafkaBrokerClasspathTest {

    private static final Pattern NODE = Pattern.compile("^([| ]*)[+\\\\]- \\(?([^:\\s]+):([^:\\s]+):([^:\\s]+):(?:[^:\\s]+:)?([^:\\s]+):(\\w+)");

    @Test
    void libDirHoldsTheWholeBrokerClosure() throws IOException {
        Path tree = ServicesHome.buildDirectory().resolve("kafka-broker/dependency-tree.txt");
        List<String> needed = new ArrayList<>();
        int rootDepth = -1;
        for (String line : Files.readAllLines(tree)) {
            Matcher m = NODE.matcher(line);
            if (!m.find()) {
                continue;
            }
            int depth = m.group(1).length() / 3;
            String artifactId = m.group(3);
            boolean brokerRoot = depth == 0 && (artifactId.equals("kafka_2.13") || artifactId.equals("log4j-slf4j2-impl"));
            if (brokerRoot) {
                rootDepth = 0;
                needed.add(artifactId);
            } else if (depth == 0) {
                rootDepth = -1;
            } else if (rootDepth == 0 && !m.group(6).equals("test")) {
                needed.add(artifactId);
            }
        }
        assertThat(needed).contains("kafka_2.13", "kafka-clients", "kafka-server", "scala-library");

        TreeSet<String> present = new TreeSet<>();
        for (Path jar : ServicesHome.kafkaBrokerClasspath()) {
            present.add(jar.getFileName().toString());
        }
        List<String> missing = needed.stream().distinct()
                .filter(a -> present.stream().noneMatch(j -> j.matches(Pattern.quote(a) + "-\\d.*\\.jar")))
                .toList();
        assertThat(missing)
                .as("jars of the broker's closure missing from the lib dir: add them to kafka-broker.shared.artifacts in embedded-services/pom.xml")
                .isEmpty();
    }
}
