package dev.modelregistry.events;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * events-schema is the only code the command and the query side share (docs/architecture.md, "Module
 * boundaries (checked by the build)"): its types are immutable values and stateless helpers, and it
 * depends on no framework, so either side can use it without pulling in the other's stack.
 */
@AnalyzeClasses(packages = "dev.modelregistry.events", importOptions = ImportOption.DoNotIncludeTests.class)
class EventsSchemaRulesTest {

    @ArchTest
    static final ArchRule dependsOnNoFramework = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.axonframework..",
                    "org.apache.kafka..", "io.cloudevents..", "org.jooq..", "co.elastic..", "jakarta..",
                    "java.sql..", "javax.sql..")
            .because("events-schema is shared by every side; Jackson 2 (the one codec) is its only dependency");

    @ArchTest
    static final ArchRule dependsOnNoSide = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("dev.modelregistry.command..",
                    "dev.modelregistry.projection..", "dev.modelregistry.query..", "dev.modelregistry.readmodel..");

    @ArchTest
    static final ArchRule eventsAreAnnotatedRecords = classes()
            .that().implement(RegistryEvent.class).and().areNotInterfaces()
            .should().beRecords()
            .andShould().beAnnotatedWith(EventType.class)
            .andShould().bePublic()
            .because("an event is an immutable value with a stable type name and schema version");

    @ArchTest
    static final ArchRule modelPackageHoldsOnlyValues = classes()
            .that().resideInAnyPackage("dev.modelregistry.events.model..", "dev.modelregistry.events.artifact..",
                    "dev.modelregistry.events.access..")
            .and().areNotNestedClasses().and().areNotAnonymousClasses()
            .should(beAValueTypeOrUtility())
            .because("event payloads and the types inside them are records or enums");

    @ArchTest
    static final ArchRule topLevelTypesAreValuesExceptionsOrUtilities = classes()
            .that().areTopLevelClasses()
            .should(beAValueTypeOrUtility().or(beAnException()))
            .because("events-schema holds data and stateless helpers (codec, upcasters, type registry), no services");

    /** A record, enum, interface or annotation, or a final class with only private constructors and static members. */
    private static ArchCondition<JavaClass> beAValueTypeOrUtility() {
        return new ArchCondition<>("be a record, enum, interface, annotation or utility class") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                boolean ok = type.isRecord() || type.isEnum() || type.isInterface() || type.isAnnotation()
                        || isUtility(type);
                events.add(new SimpleConditionEvent(type, ok, type.getFullName() + " is "
                        + (ok ? "" : "not ") + "a record, enum, interface, annotation or utility class"));
            }
        };
    }

    private static ArchCondition<JavaClass> beAnException() {
        return new ArchCondition<>("be an exception") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                boolean ok = type.isAssignableTo(Exception.class);
                events.add(new SimpleConditionEvent(type, ok, type.getFullName() + " is "
                        + (ok ? "" : "not ") + "an exception"));
            }
        };
    }

    static boolean isUtility(JavaClass type) {
        return type.getModifiers().contains(JavaModifier.FINAL)
                && type.getConstructors().stream().allMatch(c -> c.getModifiers().contains(JavaModifier.PRIVATE))
                && type.getFields().stream().allMatch(f -> f.getModifiers().contains(JavaModifier.STATIC))
                && type.getMethods().stream().allMatch(m -> m.getModifiers().contains(JavaModifier.STATIC));
    }
}
