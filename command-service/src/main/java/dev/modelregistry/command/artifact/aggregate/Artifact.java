package dev.modelregistry.command.artifact.aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.modelregistry.command.artifact.ArtifactError;
import dev.modelregistry.events.artifact.ArtifactCorruptionDetected;
import dev.modelregistry.events.artifact.ArtifactDeleted;
import dev.modelregistry.events.artifact.ArtifactEvent;
import dev.modelregistry.events.artifact.ArtifactStorageClassChanged;
import dev.modelregistry.events.artifact.ArtifactStored;
import java.util.Objects;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One blob of the content-addressed store, identified by {@code sha256:<hex>}: the consistency
 * boundary for what happens to one digest. Its life is a small state machine:
 *
 * <pre>
 *   (none) --store--> STORED --corruption--> CORRUPTED
 *   STORED | CORRUPTED --delete--> DELETED
 *   CORRUPTED | DELETED --store--> STORED      (the bytes were uploaded again)
 * </pre>
 *
 * Decisions:
 * <ul>
 *   <li>Storing bytes that are stored and intact records nothing (uploads are idempotent).</li>
 *   <li>Deleting a corrupted blob is allowed (removing bad bytes nobody references is what the
 *       collector is for); deleting a deleted blob records nothing; deleting a blob that was never
 *       stored is refused (Axon finds no aggregate: {@code artifact_not_found}).</li>
 *   <li>A corruption found again on a corrupted blob records nothing (a download retried ten times is
 *       one finding); corruption of, or a class change for, a deleted blob is refused
 *       ({@link ArtifactError.ArtifactDeleted}).</li>
 *   <li>A class change to the class the blob already has records nothing; storing the bytes again
 *       resets the class to the backend's default (a rewritten object starts there).</li>
 * </ul>
 * No clock, no ids, no I/O: the commands carry what was observed outside.
 *
 * <p>The stored aggregate type ({@code domain_event_entry.type}) is fixed to {@code Artifact}.
 */
@Aggregate(type = "Artifact")
class Artifact {

    enum State { STORED, CORRUPTED, DELETED }

    @AggregateIdentifier
    private String id;
    private long size;
    private State state;
    private String storageClass;

    Artifact() {
        // for Axon (new aggregates, event sourcing)
    }

    // ----------------------------------------------------------------------------------- commands

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    ArtifactChange handle(StoreArtifact command) {
        if (state == State.STORED) {
            return ArtifactChange.UNCHANGED;
        }
        apply(new ArtifactStored(command.sha256(), command.size(), command.mediaType(), command.fileName(),
                command.uploader()));
        return ArtifactChange.RECORDED;
    }

    @CommandHandler
    ArtifactChange handle(RecordArtifactCorruption command) {
        if (state == State.DELETED) {
            throw new ArtifactError.ArtifactDeleted(command.sha256());
        }
        if (state == State.CORRUPTED) {
            return ArtifactChange.UNCHANGED;
        }
        apply(new ArtifactCorruptionDetected(command.sha256(), size, command.observedSha256(),
                command.observedSize(), command.detectedBy()));
        return ArtifactChange.RECORDED;
    }

    @CommandHandler
    ArtifactChange handle(DeleteArtifact command) {
        if (state == State.DELETED) {
            return ArtifactChange.UNCHANGED;
        }
        apply(new ArtifactDeleted(command.sha256(), size, command.reason()));
        return ArtifactChange.RECORDED;
    }

    @CommandHandler
    ArtifactChange handle(ChangeArtifactStorageClass command) {
        if (state == State.DELETED) {
            throw new ArtifactError.ArtifactDeleted(command.sha256());
        }
        if (Objects.equals(storageClass, command.toClass())) {
            return ArtifactChange.UNCHANGED;
        }
        apply(new ArtifactStorageClassChanged(command.sha256(),
                command.fromClass() != null ? command.fromClass() : storageClass, command.toClass()));
        return ArtifactChange.RECORDED;
    }

    // ----------------------------------------------------------------------------------- events

    @EventSourcingHandler
    void on(ArtifactStored event) {
        id = ArtifactEvent.subjectOf(event.sha256());
        size = event.size();
        state = State.STORED;
        storageClass = null;
    }

    @EventSourcingHandler
    void on(ArtifactCorruptionDetected event) {
        state = State.CORRUPTED;
    }

    @EventSourcingHandler
    void on(ArtifactDeleted event) {
        state = State.DELETED;
        storageClass = null;
    }

    @EventSourcingHandler
    void on(ArtifactStorageClassChanged event) {
        storageClass = event.toClass();
    }
}
