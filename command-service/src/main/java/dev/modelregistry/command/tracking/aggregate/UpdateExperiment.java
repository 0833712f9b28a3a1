package dev.modelregistry.command.tracking.aggregate;

import dev.modelregistry.events.tracking.Tag;
import java.util.List;

/** Changes an experiment's description and/or tags; null leaves that one unchanged, tags replace the old ones. */
public record UpdateExperiment(String experimentId, String description, List<Tag> tags) implements ExperimentCommand {

    public UpdateExperiment {
        tags = tags == null ? null : List.copyOf(tags);
    }
}
