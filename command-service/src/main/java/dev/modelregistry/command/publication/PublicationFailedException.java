package dev.modelregistry.command.publication;

/** A batch could not be published (Kafka unreachable or refusing); the processor will retry it. */
public final class PublicationFailedException extends RuntimeException {

    public PublicationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
