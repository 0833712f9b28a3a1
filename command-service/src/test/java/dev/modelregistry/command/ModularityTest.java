package dev.modelregistry.command;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * Spring Modulith's view of the command service: every direct sub-package of
 * {@code dev.modelregistry.command} is an application module; its base package is its API, anything in
 * a sub-package is internal. {@code verify()} fails on a dependency cycle between modules or on access
 * to another module's internals. The diagrams of these modules are drawn by the deploy module's
 * {@code ModuleDocumentationTest} into {@code docs/modules/command-service/}.
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
}
