package dev.modelregistry.events;

/**
 * An event written at a schema version newer than this code base knows: it was published by a newer
 * producer. A consumer must not guess its meaning; it stops (or parks the event) until it is upgraded.
 * An {@link IllegalArgumentException} so that callers of the first codec keep catching it.
 */
public final class UnsupportedEventVersionException extends IllegalArgumentException {

    private final String typeName;
    private final int version;
    private final int supportedVersion;

    public UnsupportedEventVersionException(String typeName, int version, int supportedVersion) {
        super(typeName + " v" + version + " is newer than this code base (v" + supportedVersion + "): upgrade the consumer");
        this.typeName = typeName;
        this.version = version;
        this.supportedVersion = supportedVersion;
    }

    public String typeName() {
        return typeName;
    }

    public int version() {
        return version;
    }

    public int supportedVersion() {
        return supportedVersion;
    }
}
