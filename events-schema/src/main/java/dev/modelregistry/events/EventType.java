package dev.modelregistry.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stable identity of a published event: a type name that never changes once published and
 * the schema version of the record as it stands in this code base. Class names are not part of
 * the contract; these two values are (Kafka {@code ce_type}, event store payload type, JSON Schema).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    /** Stable type name, for example {@code dev.modelregistry.model.registered}. */
    String name();

    /** Current schema version; bump it (and add an upcaster and a golden file) on every change. */
    int version();
}
