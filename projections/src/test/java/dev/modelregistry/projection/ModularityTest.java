package dev.modelregistry.projection;

import com.tngtech.archunit.core.domain.JavaClass;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Spring Modulith's view of the projections module: every direct sub-package of
 * {@code dev.modelregistry.projection} is an application module; its base package is its API, anything in
 * a sub-package is internal. {@code verify()} fails on a dependency cycle between modules, on access
 * to another module's internals and on a dependency a module's {@code package-info.java} does not
 * allow. The diagrams of these modules are drawn by the deploy module's
 * {@code ModuleDocumentationTest} into {@code docs/modules/projections/}.
 */
class ModularityTest {

    /**
     * Anchored at the application class's package: {@code of(ProjectionsApplication.class)} would require
     * {@code @SpringBootApplication} or {@code @Modulithic}, and the application deliberately has neither
     * (no component scanning; it imports {@link ProjectionsConfiguration}).
     *
     * <p>The composition root ({@link ProjectionsApplication}, {@link ProjectionsConfiguration}, which
     * creates the beans of every module) is left out of the analysis: it depends on all modules by design.
     * The rest of the root package is the modules' shared kernel ({@code Projector}, {@code IncomingEvent},
     * {@code ProjectionStore}, {@code ReadModelDatabase}, ...): modules may use it, it may not use them
     * (a cycle through it still fails). Moving the kernel into a module of its own would let the
     * composition root be analysed too.
     */
    static final ApplicationModules MODULES = ApplicationModules.of(ProjectionsApplication.class.getPackageName(),
            JavaClass.Predicates.belongToAnyOf(ProjectionsApplication.class, ProjectionsConfiguration.class));

    @Test
    void modulesRespectTheirBoundaries() {
        MODULES.verify();
    }
}
