package dev.modelregistry.command.artifact;

import org.axonframework.messaging.MetaData;

/**
 * Makes the meta data every event carries (actor, correlation id, reason; docs/architecture.md) for the
 * commands this feature sends. The composition root provides it from the gateway's
 * {@code EventMetaData}: this module cannot depend on the gateway, which depends on the model feature,
 * which depends on this one ({@link ArtifactCatalog}).
 */
@FunctionalInterface
public interface CommandMetaData {

    /** @param reason may be null */
    MetaData of(String actor, String correlationId, String reason);
}
