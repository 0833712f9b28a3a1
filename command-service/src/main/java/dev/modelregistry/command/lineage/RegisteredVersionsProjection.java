package dev.modelregistry.command.lineage;

import dev.modelregistry.events.model.ModelDeleted;
import dev.modelregistry.events.model.VersionDeleted;
import dev.modelregistry.events.model.VersionRegistered;
import dev.modelregistry.command.eventstore.CommandSideProjections;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;

/**
 * Keeps {@link RegisteredVersions} in step with the model events in the subscribing processor
 * {@value CommandSideProjections#PROCESSOR}: inside the unit of work of the command that produced them, on its database
 * transaction, failures propagated, so a version is in the table exactly when its event is in the store.
 * {@code VersionRestored} moves an Archived version back to None and changes nothing here (a deleted
 * version is never restored).
 */
@ProcessingGroup(CommandSideProjections.PROCESSOR)
class RegisteredVersionsProjection {


    private final RegisteredVersions versions;

    RegisteredVersionsProjection(RegisteredVersions versions) {
        this.versions = versions;
    }

    @EventHandler
    void on(VersionRegistered event) {
        versions.registered(event.model(), event.version());
    }

    @EventHandler
    void on(VersionDeleted event) {
        versions.versionDeleted(event.model(), event.version());
    }

    @EventHandler
    void on(ModelDeleted event) {
        versions.modelDeleted(event.model());
    }
}
