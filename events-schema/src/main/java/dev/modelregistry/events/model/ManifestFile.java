package dev.modelregistry.events.model;

/**
 * One file of a version: its path relative to the version's root ({@code model.pkl},
 * {@code conda.yaml}, {@code code/train.py}), the SHA-256 of its bytes and their size. The size is
 * null only for versions registered before the artifact store (read as schema version 1).
 */
public record ManifestFile(String path, String sha256, Long size) {
}
