package dev.modelregistry.events.tracking;

/**
 * A dataset a run consumed (MLflow DatasetInput): its name, digest (SHA-256, the lineage key), where it
 * came from and in which role ({@code context}: training, validation, evaluation...).
 */
public record DatasetInput(String name, String sha256, String source, String context) {
}
