package dev.modelregistry.events;

import dev.modelregistry.events.access.AccessEvent;
import dev.modelregistry.events.artifact.ArtifactEvent;
import dev.modelregistry.events.evaluation.EvaluatorEvent;
import dev.modelregistry.events.tracking.TrackingEvent;
import dev.modelregistry.events.model.ModelEvent;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The catalogue of published event types, read from the sealed hierarchies and their {@link EventType}. */
public final class EventTypes {

    public record Registration(String name, int version, Class<?> recordClass) {
    }

    private static final Map<String, Registration> BY_NAME;
    private static final Map<Class<?>, Registration> BY_CLASS;

    static {
        Map<String, Registration> byName = new LinkedHashMap<>();
        Map<Class<?>, Registration> byClass = new LinkedHashMap<>();
        Stream.of(ModelEvent.class, ArtifactEvent.class, AccessEvent.class, EvaluatorEvent.class, TrackingEvent.class)
                .flatMap(EventTypes::recordsOf)
                .forEach(type -> {
                    EventType annotation = type.getAnnotation(EventType.class);
                    if (annotation == null) {
                        throw new ExceptionInInitializerError(type.getName() + " has no @EventType");
                    }
                    Registration registration = new Registration(annotation.name(), annotation.version(), type);
                    if (byName.put(annotation.name(), registration) != null) {
                        throw new ExceptionInInitializerError("event type name used twice: " + annotation.name());
                    }
                    byClass.put(type, registration);
                });
        BY_NAME = Collections.unmodifiableMap(byName);
        BY_CLASS = Collections.unmodifiableMap(byClass);
    }

    private EventTypes() {
    }

    /** The records of a sealed family, through its sealed sub-families (AccessEvent has three). */
    private static Stream<Class<?>> recordsOf(Class<?> type) {
        if (type.isRecord()) {
            return Stream.of(type);
        }
        return Arrays.stream(type.getPermittedSubclasses()).flatMap(EventTypes::recordsOf);
    }

    public static List<Registration> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** @throws UnknownEventTypeException when no event of this name was ever published by this code base */
    public static Registration byName(String name) {
        Registration registration = BY_NAME.get(name);
        if (registration == null) {
            throw new UnknownEventTypeException(name);
        }
        return registration;
    }

    public static Registration of(Class<?> recordClass) {
        Registration registration = BY_CLASS.get(recordClass);
        if (registration == null) {
            throw new IllegalArgumentException(recordClass.getName() + " is not a published event");
        }
        return registration;
    }

    public static boolean isKnown(String name) {
        return BY_NAME.containsKey(name);
    }
}
