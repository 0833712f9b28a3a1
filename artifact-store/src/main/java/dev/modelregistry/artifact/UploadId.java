package dev.modelregistry.artifact;

import java.util.UUID;

/** The id of a resumable upload session: always a UUID, so it is safe inside a file or object name. */
public record UploadId(UUID value) {

    public static UploadId parse(String text) {
        return new UploadId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
