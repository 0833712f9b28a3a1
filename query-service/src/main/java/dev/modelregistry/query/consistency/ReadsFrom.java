package dev.modelregistry.query.consistency;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares which read models a query controller (or one handler method) reads. Such handlers
 * honour {@code min_position} / {@code X-Registry-Min-Position}: the request waits until every
 * named projector has reached the position, and the answer carries {@code X-Registry-Position}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ReadsFrom {
    Projector[] value();
}
