package dev.modelregistry.query;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The query side's boundaries, as docs/architecture.md states them. */
@AnalyzeClasses(packages = "dev.modelregistry.query", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundariesTest {

    @ArchTest
    static final ArchRule readsOnlyTheReadModels = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("dev.modelregistry.command..",
                    "dev.modelregistry.projection..", "org.axonframework..", "org.springframework.kafka..",
                    "org.apache.kafka..", "org.flywaydb..")
            .because("the query side reads the read models only and never migrates them");

    @ArchTest
    static final ArchRule generatedRecordsDoNotLeakPastTheQueryClasses = noMethods()
            .that().areDeclaredInClassesThat().haveSimpleNameEndingWith("Queries")
            .and().areNotPrivate()
            .should().haveRawReturnType(JavaClass.Predicates.resideInAnyPackage("org.jooq..",
                    "dev.modelregistry.readmodel.jooq.."));

    /**
     * Stricter than {@link #onlyQueryClassesTalkSql} for the generated record types: the SQL helpers it
     * allows (progress, database, JSON columns, problem handler) may use jOOQ but no generated record.
     */
    @ArchTest
    static final ArchRule generatedRecordsOnlyInQueryClasses = noClasses()
            .that().haveSimpleNameNotEndingWith("Queries")
            .should().dependOnClassesThat().resideInAPackage("dev.modelregistry.readmodel.jooq.tables.records..")
            .because("generated (jOOQ) records do not leak past the class that queries");

    @ArchTest
    static final ArchRule onlyQueryClassesTalkSql = noClasses()
            .that().haveSimpleNameNotEndingWith("Queries")
            .and().doNotHaveSimpleName("ProjectionProgress")
            .and().doNotHaveSimpleName("ReadModelDatabase")
            .and().doNotHaveSimpleName("JsonColumns")
            .and().doNotHaveSimpleName("QueryProblemHandler")
            .should().dependOnClassesThat().resideInAnyPackage("org.jooq..", "dev.modelregistry.readmodel.jooq..");

    @ArchTest
    static final ArchRule onlySearchTalksToElasticsearch = noClasses()
            .that().resideOutsideOfPackage("dev.modelregistry.query.search..")
            .should().dependOnClassesThat().resideInAnyPackage("co.elastic..");

    @ArchTest
    static final ArchRule onlyTheArtifactFeatureReadsBlobs = noClasses()
            .that().resideOutsideOfPackage("dev.modelregistry.query.artifact..")
            .and().doNotHaveSimpleName("QueryServiceConfiguration")
            .should().dependOnClassesThat().resideInAPackage("dev.modelregistry.artifact..")
            .because("downloads are the one way the query side reaches the artifact store");

    @ArchTest
    static final ArchRule featuresDoNotDependOnEachOther = noClasses()
            .that().resideInAnyPackage("dev.modelregistry.query.model..", "dev.modelregistry.query.audit..",
                    "dev.modelregistry.query.artifact..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.modelregistry.query.search..")
            .andShould().dependOnClassesThat().resideInAnyPackage("co.elastic..");

    /** Experiment tracking reads its own tables only; later features (run search, lineage) build on it. */
    @ArchTest
    static final ArchRule trackingDependsOnNoOtherFeature = noClasses()
            .that().resideInAPackage("dev.modelregistry.query.tracking..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.modelregistry.query.model..",
                    "dev.modelregistry.query.governance..", "dev.modelregistry.query.search..",
                    "dev.modelregistry.query.artifact..", "dev.modelregistry.query.audit..", "co.elastic..");

    /** Lineage reads the read model's lineage, version and run tables itself: no other feature, no search. */
    @ArchTest
    static final ArchRule lineageDependsOnNoOtherFeature = noClasses()
            .that().resideInAPackage("dev.modelregistry.query.lineage..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.modelregistry.query.model..",
                    "dev.modelregistry.query.tracking..", "dev.modelregistry.query.governance..",
                    "dev.modelregistry.query.search..", "dev.modelregistry.query.artifact..",
                    "dev.modelregistry.query.audit..", "co.elastic..");
}
