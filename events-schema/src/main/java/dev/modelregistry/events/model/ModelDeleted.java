package dev.modelregistry.events.model;

import dev.modelregistry.events.EventType;

/** Tombstone: the model and its versions stay in history, but no command changes them again. */
@EventType(name = "dev.modelregistry.model.deleted", version = 1)
public record ModelDeleted(String model) implements ModelEvent {
}
