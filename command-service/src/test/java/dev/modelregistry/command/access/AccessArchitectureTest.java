package dev.modelregistry.command.access;

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
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The access feature's share of the command side's rules: the aggregates of {@code command.access.aggregate}
 * are package-private pure decision models (no clock, ids, randomness, I/O, security framework or
 * secrets: tokens and hashes stay in the feature's services), refusing only with the sealed
 * {@link AccessError}; SQL stays in {@code AccessTables}.
 */
@AnalyzeClasses(packages = "dev.modelregistry.command", importOptions = ImportOption.DoNotIncludeTests.class)
class AccessArchitectureTest {

    static final String AGGREGATE = "dev.modelregistry.command.access.aggregate..";

    @ArchTest
    static final ArchRule aggregatesAreNotPublic = classes()
            .that().resideInAPackage(AGGREGATE).and().areAnnotatedWith(Aggregate.class)
            .should().notBePublic();

    @ArchTest
    static final ArchRule aggregatesUseNoClockIdsOrRandomness =
            FeatureRules.decideWithoutClockIdsOrRandomness(AGGREGATE)
            .because("token ids, expiries and observations come in the command");

    @ArchTest
    static final ArchRule aggregatesDoNoIoAndKnowNoSecurity = noClasses()
            .that().resideInAPackage(AGGREGATE)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "java.sql..", "javax.sql..", "org.springframework.jdbc..", "org.springframework.transaction..",
                    "org.postgresql..", "org.apache.kafka..", "org.springframework.web..", "jakarta.servlet..",
                    "java.io..", "java.net..", "java.nio.file..", "org.springframework.security..", "com.nimbusds..",
                    "java.security..", "javax.crypto..")
            .because("an aggregate decides from its own state and the command; credentials are the services' business");

    @ArchTest
    static final ArchRule aggregatesRefuseOnlyWithAccessErrors = FeatureRules.refuseOnlyWith(
            noClasses().that().resideInAPackage(AGGREGATE), AccessError.class);

    @ArchTest
    static final ArchRule accessErrorsAreFinal =
            FeatureRules.errorsAreFinalIn(AccessError.class, "dev.modelregistry.command.access");

    @ArchTest
    static final ArchRule sqlStaysInAccessTables =
            FeatureRules.sqlStaysIn("dev.modelregistry.command.access", "AccessTables");

    @ArchTest
    static void accessErrorIsSealedAndAbstract(JavaClasses ignored) {
        FeatureRules.assertSealedAndAbstract(AccessError.class);
    }

    @ArchTest
    static void aggregateTestsExpectOnlyDomainErrors(JavaClasses ignored) {
        JavaClasses tests = new ClassFileImporter().withImportOption(new ImportOption.OnlyIncludeTests())
                .importPackages("dev.modelregistry.command.access.aggregate");
        noClasses().should().dependOnClassesThat(belongToAnyOf(IllegalStateException.class,
                        IllegalArgumentException.class, UnsupportedOperationException.class))
                .check(tests);
    }
}
