package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.command.CommandServiceApplication;
import dev.modelregistry.projection.ProjectionsApplication;
import dev.modelregistry.query.QueryServiceApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Draws Spring Modulith's diagrams (PlantUML) and module canvases of the three services into
 * {@code docs/modules/<service>/} at the repository root. Each service verifies its own boundaries
 * in its {@code ModularityTest}; the drawing lives here once, where all three are on the class path.
 */
class ModuleDocumentationTest {

    @Test
    void drawsTheModulesOfEveryService() throws IOException {
        Map<String, ApplicationModules> services = Map.of(
                "command-service", ApplicationModules.of(CommandServiceApplication.class.getPackageName()),
                "projections", ApplicationModules.of(ProjectionsApplication.class.getPackageName()),
                "query-service", ApplicationModules.of(QueryServiceApplication.class.getPackageName()));
        for (Map.Entry<String, ApplicationModules> service : services.entrySet()) {
            Path folder = Path.of(System.getProperty("basedir", "."))
                    .resolve("../docs/modules").resolve(service.getKey()).toAbsolutePath().normalize();
            new Documenter(service.getValue(), Documenter.Options.defaults().withOutputFolder(folder.toString()))
                    .writeDocumentation();
            sortDiagramLines(folder);
            try (Stream<Path> files = Files.list(folder)) {
                assertThat(files.filter(file -> file.toString().endsWith(".puml"))).isNotEmpty();
            }
        }
    }

    /**
     * The Documenter writes components and relations in hash order; sorting each run of
     * {@code Component(...)} and {@code Rel(...)} lines keeps the committed diagrams stable between builds.
     */
    private static void sortDiagramLines(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".puml")).toList()) {
                List<String> lines = Files.readAllLines(file);
                List<String> sorted = new ArrayList<>(lines.size());
                for (int i = 0; i < lines.size(); ) {
                    String kind = kind(lines.get(i));
                    int end = i + 1;
                    while (kind != null && end < lines.size() && kind.equals(kind(lines.get(end)))) {
                        end++;
                    }
                    List<String> run = new ArrayList<>(lines.subList(i, end));
                    Collections.sort(run);
                    sorted.addAll(run);
                    i = end;
                }
                Files.write(file, sorted);
            }
        }
    }

    private static String kind(String line) {
        String trimmed = line.strip();
        return trimmed.startsWith("Rel(") ? "Rel" : trimmed.startsWith("Component(") ? "Component" : null;
    }
}
