package dev.modelregistry.command.access;

/**
 * The outcome of an access command: whether it recorded an event (false: the state already was as asked)
 * and the position of its last event, or of the aggregate's latest event when it recorded none.
 */
public record Change(boolean recorded, long position) {
}
