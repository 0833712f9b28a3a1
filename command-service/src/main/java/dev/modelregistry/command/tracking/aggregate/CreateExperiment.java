package dev.modelregistry.command.tracking.aggregate;

import dev.modelregistry.events.tracking.Tag;
import java.util.List;

/**
 * Creates an experiment under a new id (made by the sender) in {@code namespace}. The name's uniqueness in
 * the namespace is the command side's table's constraint, not the aggregate's (it sees one experiment).
 */
public record CreateExperiment(String experimentId, String namespace, String name, String description, List<Tag> tags)
        implements ExperimentCommand {

    public CreateExperiment {
        tags = List.copyOf(tags);
    }
}
