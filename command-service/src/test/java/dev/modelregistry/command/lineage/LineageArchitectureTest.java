package dev.modelregistry.command.lineage;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.modelregistry.command.FeatureRules;

/** The lineage feature's share of the command side's rules: its SQL stays in {@code RegisteredVersions}. */
@AnalyzeClasses(packages = "dev.modelregistry.command", importOptions = ImportOption.DoNotIncludeTests.class)
class LineageArchitectureTest {

    @ArchTest
    static final ArchRule sqlStaysInRegisteredVersions = FeatureRules.sqlStaysIn("dev.modelregistry.command.lineage",
                    "RegisteredVersions")
            .because("the registered versions' SQL is kept in one class");
}
