package dev.modelregistry.command.tracking;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.modelregistry.command.FeatureRules;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The tracking feature's share of the command side's rules: the {@code Experiment} and {@code Run}
 * aggregates are package-private pure decision models (no clock, ids, randomness or I/O: ids and times
 * come in the command) whose refusals are the sealed {@link TrackingError}; SQL stays in
 * {@code TrackingTables}.
 */
@AnalyzeClasses(packages = "dev.modelregistry.command", importOptions = ImportOption.DoNotIncludeTests.class)
class TrackingArchitectureTest {

    static final String AGGREGATE = "dev.modelregistry.command.tracking.aggregate..";

    @ArchTest
    static final ArchRule aggregateUsesNoClockIdsOrRandomness =
            FeatureRules.decideWithoutClockIdsOrRandomness(AGGREGATE)
            .because("ids and default times are made by the sender and come in the command");

    @ArchTest
    static final ArchRule aggregateDoesNoIo = noClasses()
            .that().resideInAPackage(AGGREGATE)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "java.sql..", "javax.sql..", "org.springframework.jdbc..", "org.springframework.transaction..",
                    "org.postgresql..", "org.apache.kafka..", "org.springframework.web..", "jakarta.servlet..",
                    "java.io..", "java.net..", "java.nio.file..", "dev.modelregistry.artifact..",
                    "dev.modelregistry.command.artifact..", "dev.modelregistry.command.model..")
            .because("the aggregates decide from their own state and the command only");

    @ArchTest
    static final ArchRule aggregatesArePackagePrivate = classes()
            .that().resideInAPackage(AGGREGATE).and().areAnnotatedWith(Aggregate.class)
            .should().notBePublic();

    @ArchTest
    static final ArchRule aggregateRefusesOnlyWithTrackingErrors = FeatureRules.refuseOnlyWith(
            noClasses().that().resideInAPackage(AGGREGATE).and().areAnnotatedWith(Aggregate.class), TrackingError.class)
            .because("a refused command is one of the sealed TrackingError types, which the REST layer maps "
                    + "exhaustively");

    @ArchTest
    static final ArchRule trackingErrorsAreFinal =
            FeatureRules.errorsAreFinalIn(TrackingError.class, "dev.modelregistry.command.tracking");

    @ArchTest
    static final ArchRule sqlStaysInTrackingTables = FeatureRules.sqlStaysIn("dev.modelregistry.command.tracking",
                    "TrackingTables")
            .because("the tracking tables' SQL is kept in one class");

    @ArchTest
    static void trackingErrorIsSealedAndAbstract(JavaClasses ignored) {
        FeatureRules.assertSealedAndAbstract(TrackingError.class);
    }
}
