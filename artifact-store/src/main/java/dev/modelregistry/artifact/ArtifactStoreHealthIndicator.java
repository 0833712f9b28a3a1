package dev.modelregistry.artifact;

import java.io.IOException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code /actuator/health} component {@code artifactStore}: DOWN when {@link BlobStore#probe()} fails
 * (the local root is not writable or lost a directory, the bucket does not answer).
 */
final class ArtifactStoreHealthIndicator implements HealthIndicator {

    private final BlobStore store;

    ArtifactStoreHealthIndicator(BlobStore store) {
        this.store = store;
    }

    @Override
    public Health health() {
        try {
            store.probe();
            return Health.up().withDetail("backend", store.backend()).build();
        } catch (IOException | RuntimeException e) {
            // the store's own message (no class names): e.g. which directory is missing, or the HTTP status
            return Health.down().withDetail("backend", store.backend())
                    .withDetail("error", e.getMessage() == null ? "unavailable" : e.getMessage()).build();
        }
    }
}
