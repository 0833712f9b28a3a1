package dev.modelregistry.command.artifact;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.modelregistry.command.FeatureRules;

/**
 * The artifact feature's share of the command side's rules (docs/architecture.md, "Module boundaries"):
 * the {@code Artifact} aggregate package is a pure decision model (no clock, ids, randomness or I/O, the
 * artifact store included) whose refusals are the sealed {@link ArtifactError}; SQL stays in
 * {@code CatalogTables}.
 */
@AnalyzeClasses(packages = "dev.modelregistry.command", importOptions = ImportOption.DoNotIncludeTests.class)
class ArtifactArchitectureTest {

    static final String AGGREGATE = "dev.modelregistry.command.artifact.aggregate..";

    @ArchTest
    static final ArchRule aggregateUsesNoClockIdsOrRandomness =
            FeatureRules.decideWithoutClockIdsOrRandomness(AGGREGATE)
            .because("what was observed outside (sizes, digests, classes) comes in the command");

    @ArchTest
    static final ArchRule aggregateDoesNoIo = noClasses()
            .that().resideInAPackage(AGGREGATE)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "java.sql..", "javax.sql..", "org.springframework.jdbc..", "org.springframework.transaction..",
                    "org.postgresql..", "org.apache.kafka..", "org.springframework.web..", "jakarta.servlet..",
                    "java.io..", "java.net..", "java.nio.file..", "java.nio.channels..",
                    "dev.modelregistry.artifact..")
            .because("the aggregate decides from its own state and the command only; the blob store is I/O");

    @ArchTest
    static final ArchRule aggregateRefusesOnlyWithArtifactErrors = FeatureRules.refuseOnlyWith(
            noClasses().that().resideInAPackage(AGGREGATE), ArtifactError.class)
            .because("a refused command is one of the sealed ArtifactError types, which the REST layer maps "
                    + "exhaustively");

    @ArchTest
    static final ArchRule artifactErrorsAreFinal =
            FeatureRules.errorsAreFinalIn(ArtifactError.class, "dev.modelregistry.command.artifact");

    @ArchTest
    static final ArchRule sqlStaysInCatalogTables = FeatureRules.sqlStaysIn("dev.modelregistry.command.artifact",
                    "CatalogTables")
            .because("the catalog's SQL is kept in one class");

    @ArchTest
    static void artifactErrorIsSealedAndAbstract(JavaClasses ignored) {
        FeatureRules.assertSealedAndAbstract(ArtifactError.class);
    }

    @ArchTest
    static void aggregateTestsExpectOnlyDomainErrors(JavaClasses ignored) {
        JavaClasses tests = new ClassFileImporter()
                .withImportOption(new ImportOption.OnlyIncludeTests())
                .importPackages("dev.modelregistry.command.artifact.aggregate");
        noClasses()
                .should().dependOnClassesThat(belongToAnyOf(IllegalStateException.class,
                        IllegalArgumentException.class, UnsupportedOperationException.class))
                .because("domain errors are the sealed ArtifactError hierarchy")
                .check(tests);
    }
}
