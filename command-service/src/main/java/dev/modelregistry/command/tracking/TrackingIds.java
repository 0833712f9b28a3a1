package dev.modelregistry.command.tracking;

import java.util.UUID;

/**
 * Makes experiment and run ids: 32 lower-case hex characters (a random UUID without dashes, as MLflow's
 * run ids). Injected, so that aggregates never make ids and tests can fix them.
 */
@FunctionalInterface
public interface TrackingIds {

    String next();

    static TrackingIds random() {
        return () -> UUID.randomUUID().toString().replace("-", "");
    }
}
