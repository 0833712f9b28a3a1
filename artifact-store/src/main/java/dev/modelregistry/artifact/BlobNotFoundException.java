package dev.modelregistry.artifact;

import java.io.IOException;

/** No blob (or part) has this digest. */
public final class BlobNotFoundException extends IOException {

    public BlobNotFoundException(String what) {
        super(what + " not found");
    }
}
