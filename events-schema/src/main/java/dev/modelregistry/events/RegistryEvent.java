package dev.modelregistry.events;

/**
 * Any published event. Each aggregate's events form one sealed family ({@code ModelEvent},
 * {@code ArtifactEvent}); consumers switch over a family exhaustively. This root is not sealed
 * because Java only seals across packages inside a named module, and the families live in their
 * own packages.
 */
public interface RegistryEvent {

    /** The aggregate the event belongs to: the Kafka key and {@code ce_subject}. */
    String subject();
}
