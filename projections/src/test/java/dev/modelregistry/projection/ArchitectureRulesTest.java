package dev.modelregistry.projection;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMembers;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaType;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.modelregistry.projection.rebuild.ReadModelRebuild;
import dev.modelregistry.readmodel.jooq.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The projections' rules from docs/architecture.md ("Module boundaries (checked by the build)"). The
 * read-model module (Flyway scripts, generated jOOQ classes, {@code ReadModelPositions}) is analysed
 * here too, from the jar the projections (its writer) depend on. Module cycles are checked by {@link ModularityTest}.
 */
@AnalyzeClasses(packages = {"dev.modelregistry.projection", "dev.modelregistry.readmodel"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureRulesTest {

    @ArchTest
    static final ArchRule querySideNeverImportsTheCommandSide = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("dev.modelregistry.command..", "org.axonframework..")
            .because("the query side (projections, read-model, query-service) shares only events-schema "
                    + "with the command side");

    @ArchTest
    static final ArchRule projectionsDoNotUseTheQueryService = noClasses()
            .that().resideInAPackage("dev.modelregistry.projection..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.modelregistry.query..")
            .because("projections and query-service share the read model's schema, not code");

    @ArchTest
    static final ArchRule readModelDependsOnNoSide = noClasses()
            .that().resideInAPackage("dev.modelregistry.readmodel..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.modelregistry.projection..",
                    "dev.modelregistry.query..", "dev.modelregistry.events..")
            .because("read-model is the schema both the writer and the reader agree on; neither owns it");

    static final String GENERATED_RECORDS = "dev.modelregistry.readmodel.jooq.tables.records..";

    /**
     * Generated jOOQ records are used only by the class that runs the SQL. The code base's name for
     * such classes is {@code *Queries} (query-service); the one projection class that reads records,
     * {@code PostgresBatch} (it loads the rows a batch changes, {@code fetchInto(MODEL)}, and copies
     * them into its own state at once), is named as the exception until it is renamed or stops using
     * {@code ModelRecord}.
     */
    @ArchTest
    static final ArchRule generatedRecordsOnlyInQueryClasses = noClasses()
            .that().resideInAPackage("dev.modelregistry.projection..")
            .and().haveSimpleNameNotEndingWith("Queries")
            .and().doNotHaveSimpleName("PostgresBatch")
            .should().dependOnClassesThat().resideInAPackage(GENERATED_RECORDS)
            .because("generated (jOOQ) records do not leak past the class that queries");

    /** ... and never appear in a signature another class could see (fields, parameters, return types). */
    @ArchTest
    static final ArchRule generatedRecordsNeverInVisibleSignatures = noMembers()
            .that().areDeclaredInClassesThat().resideInAPackage("dev.modelregistry.projection..")
            .and().areNotPrivate()
            .should(new ArchCondition<JavaMember>("mention a generated jOOQ record type in their signature") {
                @Override
                public void check(JavaMember member, ConditionEvents events) {
                    List<JavaType> types = new ArrayList<>();
                    if (member instanceof JavaField field) {
                        types.add(field.getType());
                    } else if (member instanceof JavaCodeUnit codeUnit) {
                        types.add(codeUnit.getReturnType());
                        types.addAll(codeUnit.getParameterTypes());
                    }
                    types.stream().flatMap(type -> type.getAllInvolvedRawTypes().stream())
                            .filter(JavaClass.Predicates.resideInAPackage(GENERATED_RECORDS))
                            .forEach(record -> events.add(SimpleConditionEvent.satisfied(member,
                                    member.getFullName() + " exposes " + record.getName())));
                }
            })
            .because("generated (jOOQ) records do not leak past the class that queries");

    /**
     * A tracking rebuild replaces exactly the tables the live projector's tracking rows write: a table
     * added to {@code TrackingRows} and not to {@code ReadModelRebuild.TRACKING_TABLES} would be left
     * stale (or, the other way round, emptied) by it.
     */
    @ArchTest
    static void theTrackingRebuildReplacesExactlyTheTablesTheTrackingRowsWrite(JavaClasses classes) {
        Set<String> written = classes.get("dev.modelregistry.projection.postgres.TrackingRows")
                .getFieldAccessesFromSelf().stream()
                .filter(access -> access.getTargetOwner().isEquivalentTo(Tables.class))
                .map(access -> access.getTarget().getName().toLowerCase(Locale.ROOT))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(written).isNotEmpty().isEqualTo(new TreeSet<>(ReadModelRebuild.TRACKING_TABLES));
    }
}
