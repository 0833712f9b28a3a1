package dev.modelregistry.command.tracking.aggregate;

import dev.modelregistry.events.tracking.RunStatus;
import java.time.Instant;

/** Ends a running run with FINISHED, FAILED or KILLED at {@code endTime} (the client's or the sender's clock's). */
public record FinishRun(String runId, RunStatus status, Instant endTime) implements RunCommand {

    public FinishRun {
        if (status == RunStatus.RUNNING) {
            // the REST layer accepts only the three end states; anything else is a bug of the sender
            throw new IllegalArgumentException("a run finishes with FINISHED, FAILED or KILLED");
        }
    }
}
