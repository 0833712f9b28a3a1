package dev.modelregistry.artifact;

/**
 * The outcome of re-hashing a blob. {@code observed} and {@code observedSize} are null when the
 * blob is missing (or is not a regular file, such as a planted symlink).
 */
public record Verification(Sha256 expected, Sha256 observed, Long observedSize) {

    public boolean intact() {
        return expected.equals(observed);
    }

    public boolean missing() {
        return observed == null;
    }
}
