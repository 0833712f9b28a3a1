package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;
import java.util.Map;

@EventType(name = "dev.modelregistry.model.registered", version = 1)
public record ModelRegistered(String model, String description, String ownerTeam, Map<String, String> tags)
        implements ModelEvent {

    public ModelRegistered {
        tags = Maps.sortedCopy(tags);
    }
}
