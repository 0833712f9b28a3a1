package dev.modelregistry.events.model;

/** A dataset a version was trained on, identified by its content digest. */
public record DatasetReference(String name, String sha256) {
}
