package dev.modelregistry.events.tracking;

import dev.modelregistry.events.EventType;
import java.time.Instant;
import java.util.List;

/**
 * A run started in an experiment (status RUNNING). {@code namespace} is the experiment's, recorded so
 * that every consumer can authorize a run without its experiment. Source and environment fields may be
 * null.
 */
@EventType(name = "dev.modelregistry.run.started", version = 1)
public record RunStarted(String runId, String experimentId, String namespace, String name, Instant startTime,
                         List<Tag> tags, String codeCommit, String framework, String frameworkVersion,
                         RunEnvironment environment) implements RunEvent {

    public RunStarted {
        tags = List.copyOf(tags);
    }
}
