package dev.modelregistry.command.artifact;

import dev.modelregistry.events.artifact.ArtifactCorruptionDetected;
import dev.modelregistry.events.artifact.ArtifactDeleted;
import dev.modelregistry.events.artifact.ArtifactStorageClassChanged;
import dev.modelregistry.events.artifact.ArtifactStored;
import dev.modelregistry.events.model.ManifestFile;
import dev.modelregistry.events.model.ModelDeleted;
import dev.modelregistry.events.model.Stage;
import dev.modelregistry.events.model.VersionDeleted;
import dev.modelregistry.events.model.VersionRegistered;
import dev.modelregistry.events.model.VersionRestored;
import dev.modelregistry.events.model.VersionStageTransitioned;
import dev.modelregistry.events.tracking.RunArtifactsLogged;
import dev.modelregistry.events.tracking.RunDeleted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import dev.modelregistry.command.eventstore.CommandSideProjections;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;

/**
 * Keeps the catalog tables in step with the events, in the subscribing processor
 * {@value CommandSideProjections#PROCESSOR}: it runs inside the unit of work of the command that produced the events, after
 * the event store appended them and on the same database transaction, so catalog and events commit
 * together or not at all, and a failure here (the foreign key, {@link ArtifactError.ArtifactNotHeld})
 * refuses the command. Subscribing processors see only new events; the tables start empty with
 * migration V2, before the first artifact event.
 *
 * <p>A new version references each of its files and its manifest. The references are inserted for
 * the blob rows that are held, locked for key share in the same statement; when one is missing the
 * command is refused (and the transaction's rollback takes the others back), so a version racing the
 * collector gets a clear refusal instead of a foreign key violation (which stays as the last guard).
 */
@ProcessingGroup(CommandSideProjections.PROCESSOR)
class CatalogProjection {


    private final CatalogTables tables;

    CatalogProjection(CatalogTables tables) {
        this.tables = tables;
    }

    @EventHandler
    void on(ArtifactStored event, @Timestamp Instant at) {
        tables.stored(event.sha256(), event.size(), event.mediaType(), event.fileName(), at);
    }

    @EventHandler
    void on(ArtifactCorruptionDetected event, @Timestamp Instant at) {
        tables.corrupted(event.sha256(), at);
    }

    @EventHandler
    void on(ArtifactDeleted event, @Timestamp Instant at) {
        tables.deleted(event.sha256(), at);
    }

    @EventHandler
    void on(ArtifactStorageClassChanged event) {
        tables.storageClassChanged(event.sha256(), event.toClass());
    }

    @EventHandler
    void on(VersionRegistered event, @Timestamp Instant at) {
        Set<String> digests = new TreeSet<>();
        for (ManifestFile file : event.files()) {
            digests.add(file.sha256());
        }
        if (event.artifact() != null && event.artifact().sha256() != null) {
            digests.add(event.artifact().sha256());
        }
        if (digests.isEmpty()) {
            return;
        }
        requireAll(digests, tables.referenceHeld(event.model(), event.version(), digests, at));
    }

    /** A run's artifacts are referenced like a version's files: held now, kept from the collector. */
    @EventHandler
    void on(RunArtifactsLogged event) {
        Set<String> digests = new TreeSet<>();
        event.files().forEach(file -> digests.add(file.sha256()));
        requireAll(digests, tables.referenceHeldFromRun(event.runId(), digests));
    }

    @EventHandler
    void on(RunDeleted event, @Timestamp Instant at) {
        tables.releaseRun(event.runId(), at);
    }

    @EventHandler
    void on(VersionStageTransitioned event, @Timestamp Instant at) {
        tables.stageChanged(event.model(), event.version(), event.to().label(), at);
    }

    @EventHandler
    void on(VersionRestored event, @Timestamp Instant at) {
        tables.stageChanged(event.model(), event.version(), Stage.NONE.label(), at);
    }

    @EventHandler
    void on(VersionDeleted event, @Timestamp Instant at) {
        tables.releaseVersion(event.model(), event.version(), at);
    }

    @EventHandler
    void on(ModelDeleted event, @Timestamp Instant at) {
        tables.releaseModel(event.model(), at);
    }

    /** Refuses the command unless every digest wanted was held (and so referenced). */
    private static void requireAll(Set<String> wanted, Set<String> held) {
        if (held.size() != wanted.size()) {
            List<String> missing = new ArrayList<>(wanted);
            missing.removeAll(held);
            throw new ArtifactError.ArtifactNotHeld(missing);
        }
    }
}
