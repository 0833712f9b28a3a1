package dev.modelregistry.events.model;

/** Points at one version of one model; written {@code model@version} in the API. */
public record VersionReference(String model, int version) {

    @Override
    public String toString() {
        return model + "@" + version;
    }
}
