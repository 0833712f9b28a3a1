package dev.modelregistry.events.tracking;

import dev.modelregistry.events.EventType;
import java.time.Instant;

/** The run ended with FINISHED, FAILED or KILLED at {@code endTime}; nothing more can be logged into it. */
@EventType(name = "dev.modelregistry.run.finished", version = 1)
public record RunFinished(String runId, RunStatus status, Instant endTime) implements RunEvent {
}
