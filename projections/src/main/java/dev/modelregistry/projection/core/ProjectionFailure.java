package dev.modelregistry.projection.core;

import java.util.Map;

/** A record a projector parked in {@code read_model.projection_failure} instead of applying it. */
public record ProjectionFailure(String projector, int partition, long offset, String eventId, String eventType,
                                Integer schemaVersion, Long position, String model, String error,
                                Map<String, String> headers, byte[] body) {
}
