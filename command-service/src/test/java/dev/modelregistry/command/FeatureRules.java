package dev.modelregistry.command;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.syntax.elements.ClassesShouldConjunction;
import com.tngtech.archunit.lang.syntax.elements.GivenClassesConjunction;
import java.lang.reflect.Modifier;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

/**
 * The rules every command-side feature with aggregates follows (artifact, access, tracking): its
 * aggregates decide without clock, ids or randomness, refuse only with the feature's sealed error type, whose subclasses are final and live in
 * the feature's package, and the feature's SQL stays in one class.
 */
public final class FeatureRules {

    private FeatureRules() {
    }

    /**
     * The given classes (e.g. {@code noClasses().that().resideInAPackage(aggregates)}) construct no
     * exception but {@code error}'s subtypes.
     */
    public static ClassesShouldConjunction refuseOnlyWith(GivenClassesConjunction aggregates,
                                                          Class<? extends Exception> error) {
        String article = "AEIOU".indexOf(error.getSimpleName().charAt(0)) >= 0 ? "an " : "a ";
        return aggregates.should().callConstructorWhere(describe("constructs an exception that is not " + article
                        + error.getSimpleName(), call -> {
                            JavaClass type = call.getTargetOwner();
                            return type.isAssignableTo(Exception.class) && !type.isAssignableTo(error)
                                    && !type.isEquivalentTo(MatchException.class);
                        }));
    }

    /**
     * The classes of {@code aggregatePackage} read no clock, make no ids and draw no random numbers: ids,
     * times and what was observed outside come in the command. Each feature adds its own reason.
     */
    public static ClassesShouldConjunction decideWithoutClockIdsOrRandomness(String aggregatePackage) {
        return noClasses().that().resideInAPackage(aggregatePackage)
                .should().dependOnClassesThat(belongToAnyOf(Clock.class, InstantSource.class))
                .orShould().callMethod(Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(UUID.class, "randomUUID")
                .orShould().dependOnClassesThat(assignableTo(Random.class));
    }

    /** Every subtype of {@code error} is final and resides in {@code featurePackage}. */
    public static ArchRule errorsAreFinalIn(Class<?> error, String featurePackage) {
        return classes().that().areAssignableTo(error).and().areNotAssignableFrom(error)
                .should().haveModifier(JavaModifier.FINAL)
                .andShould().resideInAPackage(featurePackage);
    }

    /** No class of {@code featurePackage} (and below) but {@code tablesClass} uses JDBC. */
    public static ClassesShouldConjunction sqlStaysIn(String featurePackage, String tablesClass) {
        return noClasses().that().resideInAPackage(featurePackage + "..")
                .and().doNotHaveSimpleName(tablesClass)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..");
    }

    /** The feature's error type is sealed and abstract, and each permitted subclass is final. */
    public static void assertSealedAndAbstract(Class<?> error) {
        assertThat(error.isSealed()).isTrue();
        assertThat(Modifier.isAbstract(error.getModifiers())).isTrue();
        assertThat(Arrays.stream(error.getPermittedSubclasses()))
                .isNotEmpty()
                .allMatch(sub -> Modifier.isFinal(sub.getModifiers()));
    }
}
