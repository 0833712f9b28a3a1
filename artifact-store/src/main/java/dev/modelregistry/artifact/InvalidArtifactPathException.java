package dev.modelregistry.artifact;

/**
 * An artifact path broke one of the rules of {@link ArtifactPath}. {@link #reason()} is a stable
 * machine code (for problem+json answers); the message is for people and never echoes the input,
 * which may hold control characters.
 */
public final class InvalidArtifactPathException extends IllegalArgumentException {

    private final String reason;

    public InvalidArtifactPathException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * One of {@code empty}, {@code too_long}, {@code absolute}, {@code drive_letter},
     * {@code backslash}, {@code control_character}, {@code format_character},
     * {@code not_normalized}, {@code trailing_slash}, {@code empty_segment}, {@code dot_segment},
     * {@code segment_too_long}, {@code reserved}, {@code invalid_unicode}.
     */
    public String reason() {
        return reason;
    }
}
