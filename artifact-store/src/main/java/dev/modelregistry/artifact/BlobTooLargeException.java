package dev.modelregistry.artifact;

import java.io.IOException;

/** The content was longer than the limit the caller set; nothing was kept. */
public final class BlobTooLargeException extends IOException {

    private final long limit;

    public BlobTooLargeException(long limit) {
        super("content exceeds " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
