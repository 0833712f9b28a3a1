package dev.modelregistry.events.model;

/** Where a version's bytes are and the SHA-256 digest (64 lower-case hex digits) they must have. */
public record ArtifactReference(String uri, String sha256) {
}
