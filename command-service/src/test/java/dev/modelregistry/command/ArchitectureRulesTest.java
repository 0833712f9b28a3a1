package dev.modelregistry.command;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.modelregistry.command.model.RegistryError;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * The command side's rules from docs/architecture.md ("Module boundaries (checked by the build)"):
 * it never reaches into the query side, and the aggregate package stays a pure decision model whose
 * refusals are the sealed {@link RegistryError} hierarchy. Module cycles and internals are checked by
 * {@link ModularityTest}.
 */
@AnalyzeClasses(packages = "dev.modelregistry.command", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureRulesTest {

    static final String AGGREGATE = "dev.modelregistry.command.model..";

    @ArchTest
    static final ArchRule commandSideNeverImportsTheQuerySide = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("dev.modelregistry.projection..",
                    "dev.modelregistry.query..", "dev.modelregistry.readmodel..")
            .because("only events-schema is shared between the command and the query side");

    /** {@link dev.modelregistry.command.gateway.BoundedCommandBus}: a command sent while one holds a permit could deadlock. */
    @ArchTest
    static final ArchRule nothingInsideACommandSendsACommand = noClasses()
            .that().containAnyMethodsThat(describe("handle commands or events",
                    method -> method.isAnnotatedWith(org.axonframework.eventhandling.EventHandler.class)
                            || method.isAnnotatedWith(org.axonframework.commandhandling.CommandHandler.class)
                            || method.isAnnotatedWith(org.axonframework.eventsourcing.EventSourcingHandler.class)))
            .should().dependOnClassesThat(assignableTo(org.axonframework.commandhandling.gateway.CommandGateway.class)
                    .or(assignableTo(org.axonframework.commandhandling.CommandBus.class))
                    .or(assignableTo(dev.modelregistry.command.gateway.RegistryCommandGateway.class)))
            .because("commands run with at most registry.command.max-concurrent permits; a handler waiting for a permit "
                    + "while its own command holds one could deadlock");

    @ArchTest
    static final ArchRule aggregateUsesNoClock = noClasses()
            .that().resideInAPackage(AGGREGATE)
            .should().dependOnClassesThat(belongToAnyOf(Clock.class, InstantSource.class))
            .orShould().callMethodWhere(readsTheClock())
            .because("time comes from the event message's timestamp (an injected clock), never from inside the aggregate");

    @ArchTest
    static final ArchRule aggregateMakesNoIdsOrRandomness = noClasses()
            .that().resideInAPackage(AGGREGATE)
            .should().callMethod(UUID.class, "randomUUID")
            .orShould().dependOnClassesThat(assignableTo(Random.class).or(belongToAnyOf(ThreadLocalRandom.class)))
            .orShould().callMethod(Math.class, "random")
            .because("ids are made outside the aggregate, so replaying its events gives the same decisions");

    @ArchTest
    static final ArchRule aggregateDoesNoIo = noClasses()
            .that().resideInAPackage(AGGREGATE)
            .should().dependOnClassesThat().resideInAnyPackage(
                    // JDBC and other persistence
                    "java.sql..", "javax.sql..", "org.springframework.jdbc..", "org.springframework.transaction..",
                    "org.jooq..", "org.postgresql..", "org.flywaydb..",
                    // Kafka
                    "org.apache.kafka..", "org.springframework.kafka..",
                    // web
                    "org.springframework.web..", "org.springframework.http..", "jakarta.servlet..",
                    // files, network
                    "java.net..", "java.nio.file..", "java.nio.channels..")
            .because("an aggregate decides from its own state and the command only (no I/O)");

    /**
     * The model feature checks a new version's files against the artifact store ({@code VersionManifests})
     * before the command is sent; the aggregate itself never sees the store.
     */
    @ArchTest
    static final ArchRule theModelAggregateNeverReadsTheArtifactStore = noClasses()
            .that().resideInAPackage(AGGREGATE).and().areAnnotatedWith(Aggregate.class)
            .should().dependOnClassesThat().resideInAnyPackage("dev.modelregistry.command.artifact..",
                    "dev.modelregistry.artifact..")
            .because("an aggregate decides from its own state and the command only; the files of a version "
                    + "are checked before its command is sent");

    @ArchTest
    static final ArchRule aggregateRefusesOnlyWithRegistryErrors = noClasses()
            .that().resideInAPackage(AGGREGATE)
            .and().areNotAssignableTo(RegistryError.class)
            .should().callConstructorWhere(constructs(describe("an exception that is not a RegistryError",
                    (JavaClass type) -> type.isAssignableTo(Exception.class)
                            && !type.isAssignableTo(RegistryError.class)
                            // the compiler's default branch of an exhaustive switch
                            && !type.isEquivalentTo(MatchException.class))))
            .because("a refused command is one of the sealed RegistryError types, which the REST layer maps "
                    + "exhaustively; anything else is a bug (AssertionError)");

    @ArchTest
    static final ArchRule registryErrorsAreFinalAndLiveWithTheAggregate = classes()
            .that().areAssignableTo(RegistryError.class).and().areNotAssignableFrom(RegistryError.class)
            .should().haveModifier(JavaModifier.FINAL)
            .andShould().resideInAPackage(AGGREGATE);

    /** Java's {@code sealed} is not visible to ArchUnit's modifiers; the compiler keeps the list closed. */
    @ArchTest
    static void registryErrorIsSealedAndAbstract(JavaClasses ignored) {
        assertThat(RegistryError.class.isSealed()).isTrue();
        assertThat(Modifier.isAbstract(RegistryError.class.getModifiers())).isTrue();
        assertThat(Arrays.stream(RegistryError.class.getPermittedSubclasses()))
                .isNotEmpty()
                .allMatch(sub -> Modifier.isFinal(sub.getModifiers()));
    }

    /**
     * Tests of the aggregate neither throw nor expect the JDK's generic exceptions: a test that
     * expects {@code IllegalStateException} from a command would pin a bug as behaviour.
     */
    @ArchTest
    static void aggregateTestsExpectOnlyDomainErrors(JavaClasses ignored) {
        JavaClasses tests = new ClassFileImporter()
                .withImportOption(new ImportOption.OnlyIncludeTests())
                .importPackages("dev.modelregistry.command.model");
        noClasses()
                .should().dependOnClassesThat(belongToAnyOf(IllegalStateException.class,
                        IllegalArgumentException.class, UnsupportedOperationException.class))
                .because("domain errors are the sealed RegistryError hierarchy")
                .allowEmptyShould(true)
                .check(tests);
    }

    private static DescribedPredicate<JavaCall<?>> readsTheClock() {
        return describe("reads the clock (Instant.now, LocalDateTime.now, System.currentTimeMillis, ...)", call -> {
            JavaClass owner = call.getTargetOwner();
            String name = call.getName();
            return ("now".equals(name) && belongToAnyOf(Instant.class, LocalDateTime.class, LocalDate.class,
                    LocalTime.class, OffsetDateTime.class, ZonedDateTime.class).test(owner))
                    || (owner.isEquivalentTo(System.class) && ("currentTimeMillis".equals(name) || "nanoTime".equals(name)));
        });
    }

    private static DescribedPredicate<JavaConstructorCall> constructs(DescribedPredicate<JavaClass> type) {
        return describe("constructs " + type.getDescription(), call -> type.test(call.getTargetOwner()));
    }
}
