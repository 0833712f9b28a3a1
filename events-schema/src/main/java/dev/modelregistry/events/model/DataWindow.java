package dev.modelregistry.events.model;

import java.time.Instant;

/** The half-open time range [from, to) of the training data. */
public record DataWindow(Instant from, Instant to) {
}
