package dev.modelregistry.command.artifact.aggregate;

/** What an artifact command did: recorded an event, or found the blob already in the asked-for state. */
public enum ArtifactChange {
    RECORDED,
    UNCHANGED
}
