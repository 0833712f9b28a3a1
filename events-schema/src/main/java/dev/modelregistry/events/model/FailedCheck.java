package dev.modelregistry.events.model;

/** One promotion check that did not hold: a stable code (docs/api.md lists them) and what was found. */
public record FailedCheck(String check, String detail) {
}
