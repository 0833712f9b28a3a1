package dev.modelregistry.events;

/** An event type name this code base does not know (published by a newer producer, or corrupt). */
public final class UnknownEventTypeException extends RuntimeException {

    public UnknownEventTypeException(String typeName) {
        super("unknown event type: " + typeName);
    }
}
