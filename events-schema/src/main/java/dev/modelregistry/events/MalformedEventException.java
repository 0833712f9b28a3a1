package dev.modelregistry.events;

/**
 * A record that cannot be an event of this registry: a required header is missing or unreadable,
 * headers contradict each other or the body, or the body is not the JSON object of its type.
 * Retrying does not help; consumers park such records (a "poison" message) and alert.
 * An {@link IllegalArgumentException} so that callers of the first codec keep catching it.
 */
public final class MalformedEventException extends IllegalArgumentException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
