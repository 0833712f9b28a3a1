package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;

/** The model now belongs to another team (an admin's way out of an orphaned model). */
@EventType(name = "dev.modelregistry.model.owner-reassigned", version = 1)
public record ModelOwnerReassigned(String model, String ownerTeam, String previousOwnerTeam) implements ModelEvent {
}
