package dev.modelregistry.events.tracking;

import dev.modelregistry.events.EventType;
import java.util.List;

/** The experiment's description and tags as they stand after the update (not a diff). */
@EventType(name = "dev.modelregistry.experiment.updated", version = 1)
public record ExperimentUpdated(String experimentId, String description, List<Tag> tags) implements ExperimentEvent {

    public ExperimentUpdated {
        tags = List.copyOf(tags);
    }
}
