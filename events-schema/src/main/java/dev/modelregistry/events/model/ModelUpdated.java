package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;
import java.util.Map;

/** Carries the model's description and tags as they stand after the update (not a diff). */
@EventType(name = "dev.modelregistry.model.updated", version = 1)
public record ModelUpdated(String model, String description, Map<String, String> tags) implements ModelEvent {

    public ModelUpdated {
        tags = Maps.sortedCopy(tags);
    }
}
