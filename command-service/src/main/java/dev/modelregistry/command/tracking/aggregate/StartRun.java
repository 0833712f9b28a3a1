package dev.modelregistry.command.tracking.aggregate;

import dev.modelregistry.events.tracking.RunEnvironment;
import dev.modelregistry.events.tracking.Tag;
import java.time.Instant;
import java.util.List;

/**
 * Starts a run under a new id (made by the sender) in an experiment the sender found live, recording the
 * experiment's namespace; {@code startTime} is the client's or the sender's clock's.
 */
public record StartRun(String runId, String experimentId, String namespace, String name, Instant startTime,
                       List<Tag> tags, String codeCommit, String framework, String frameworkVersion,
                       RunEnvironment environment) implements RunCommand {

    public StartRun {
        tags = List.copyOf(tags);
    }
}
