package dev.modelregistry.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Spring Modulith's view of the command service: every direct sub-package of
 * {@code dev.modelregistry.command} is an application module; its base package is its API, anything in
 * a sub-package is internal. {@code verify()} fails on a dependency cycle between modules or on access
 * to another module's internals. The diagrams (PlantUML) and module canvases are written to
 * {@code docs/modules/command-service/} at the repository root.
 */
class ModularityTest {

    /**
     * Anchored at the application class's package: {@code of(CommandServiceApplication.class)} would
     * require {@code @SpringBootApplication} or {@code @Modulithic}, and the application deliberately has
     * neither (no component scanning; it imports {@link CommandServiceConfiguration}).
     */
    static final ApplicationModules MODULES = ApplicationModules.of(CommandServiceApplication.class.getPackageName());

    @Test
    void modulesRespectTheirBoundaries() {
        MODULES.verify();
    }

    @Test
    void writesModuleDocumentation() throws IOException {
        Path folder = outputFolder("command-service");
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(folder.toString()))
                .writeDocumentation();
        sortDiagramLines(folder);
    }

    /** {@code <repository>/docs/modules/<service>}; surefire runs with the module's basedir. */
    static Path outputFolder(String service) {
        return Path.of(System.getProperty("basedir", "."))
                .resolve("../docs/modules").resolve(service).toAbsolutePath().normalize();
    }

    /**
     * The Documenter writes components and relations in hash order; sorting each run of
     * {@code Component(...)} and {@code Rel(...)} lines keeps the committed diagrams stable between builds.
     */
    static void sortDiagramLines(Path folder) throws IOException {
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
