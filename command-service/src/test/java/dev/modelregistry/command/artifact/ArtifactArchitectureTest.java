package dev.modelregistry.command.artifact;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

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
    static final ArchRule aggregateUsesNoClockIdsOrRandomness = noClasses()
            .that().resideInAPackage(AGGREGATE)
            .should().dependOnClassesThat(belongToAnyOf(Clock.class, InstantSource.class))
            .orShould().callMethod(Instant.class, "now")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethod(UUID.class, "randomUUID")
            .orShould().dependOnClassesThat(assignableTo(Random.class))
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
    static final ArchRule aggregateRefusesOnlyWithArtifactErrors = noClasses()
            .that().resideInAPackage(AGGREGATE)
            .should().callConstructorWhere(describe("constructs an exception that is not an ArtifactError",
                    call -> {
                        JavaClass type = call.getTargetOwner();
                        return type.isAssignableTo(Exception.class) && !type.isAssignableTo(ArtifactError.class)
                                && !type.isEquivalentTo(MatchException.class);
                    }))
            .because("a refused command is one of the sealed ArtifactError types, which the REST layer maps "
                    + "exhaustively");

    @ArchTest
    static final ArchRule artifactErrorsAreFinal = classes()
            .that().areAssignableTo(ArtifactError.class).and().areNotAssignableFrom(ArtifactError.class)
            .should().haveModifier(JavaModifier.FINAL)
            .andShould().resideInAPackage("dev.modelregistry.command.artifact");

    @ArchTest
    static final ArchRule sqlStaysInCatalogTables = noClasses()
            .that().resideInAPackage("dev.modelregistry.command.artifact..")
            .and().doNotHaveSimpleName("CatalogTables")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
            .because("the catalog's SQL is kept in one class");

    @ArchTest
    static void artifactErrorIsSealedAndAbstract(JavaClasses ignored) {
        assertThat(ArtifactError.class.isSealed()).isTrue();
        assertThat(Modifier.isAbstract(ArtifactError.class.getModifiers())).isTrue();
        assertThat(Arrays.stream(ArtifactError.class.getPermittedSubclasses()))
                .isNotEmpty()
                .allMatch(sub -> Modifier.isFinal(sub.getModifiers()));
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
