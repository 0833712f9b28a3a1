package dev.modelregistry.events.tracking;

import dev.modelregistry.events.EventType;
import java.util.List;

/** An experiment was created in a namespace; its name is unique within the namespace. */
@EventType(name = "dev.modelregistry.experiment.created", version = 1)
public record ExperimentCreated(String experimentId, String namespace, String name, String description, List<Tag> tags)
        implements ExperimentEvent {

    public ExperimentCreated {
        tags = List.copyOf(tags);
    }
}
