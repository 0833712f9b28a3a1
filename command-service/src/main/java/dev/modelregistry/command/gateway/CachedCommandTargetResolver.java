package dev.modelregistry.command.gateway;

import static org.axonframework.common.ReflectionUtils.ensureAccessible;
import static org.axonframework.common.ReflectionUtils.fieldsOf;
import static org.axonframework.common.ReflectionUtils.methodsOf;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Axon's {@code AnnotationCommandTargetResolver} with the annotated members looked up once per command
 * class instead of on every command: Axon walks every method and field of the command, with their
 * meta-annotations, twice per command (identifier and version), which was ~2 % of the registry's CPU
 * under load (docs/benchmarks.md). Same rules: a method annotated with
 * {@link TargetAggregateIdentifier} (or {@link TargetAggregateVersion}) before a field, meta-annotations
 * count, a command without a non-null identifier is refused with an {@link IllegalArgumentException}.
 * A bean of this type is what every aggregate of the command side resolves its target with.
 */
public final class CachedCommandTargetResolver implements CommandTargetResolver {

    private static final ClassValue<Target> TARGETS = new ClassValue<>() {
        @Override
        protected Target computeValue(Class<?> type) {
            return new Target(member(type, TargetAggregateIdentifier.class), member(type, TargetAggregateVersion.class));
        }
    };

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Target target = TARGETS.get(command.getPayloadType());
        Object identifier;
        Long version;
        try {
            identifier = target.identifier() == null ? null : target.identifier().read(command.getPayload());
            version = target.version() == null ? null : asLong(target.version().read(command.getPayload()));
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("An exception occurred while extracting aggregate information from a command", e);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("The aggregate information of the command is not accessible", e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The value provided for the version is not a number.", e);
        }
        if (identifier == null) {
            throw new IllegalArgumentException("Invalid command. It does not identify the target aggregate: no member of "
                    + command.getPayloadType().getSimpleName() + " annotated with @TargetAggregateIdentifier has a value");
        }
        return new VersionedAggregateIdentifier(identifier, version);
    }

    private static Long asLong(Object value) {
        return switch (value) {
            case null -> null;
            case Number number -> number.longValue();
            default -> Long.parseLong(value.toString());
        };
    }

    private static Member member(Class<?> type, Class<? extends Annotation> annotation) {
        for (Method method : methodsOf(type)) {
            if (AnnotationUtils.isAnnotationPresent(method, annotation)) {
                Method accessible = ensureAccessible(method);
                return accessible::invoke;
            }
        }
        for (Field field : fieldsOf(type)) {
            if (AnnotationUtils.isAnnotationPresent(field, annotation)) {
                Field accessible = ensureAccessible(field);
                return accessible::get;
            }
        }
        return null;
    }

    private record Target(Member identifier, Member version) {
    }

    @FunctionalInterface
    private interface Member {
        Object read(Object command) throws IllegalAccessException, InvocationTargetException;
    }
}
