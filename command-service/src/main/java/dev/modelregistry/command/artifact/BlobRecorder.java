package dev.modelregistry.command.artifact;

import dev.modelregistry.artifact.BlobStore;
import dev.modelregistry.artifact.StagedBlob;
import dev.modelregistry.command.artifact.ArtifactCommands.Sent;
import dev.modelregistry.command.artifact.CatalogTables.BlobRow;
import dev.modelregistry.command.artifact.aggregate.StoreArtifact;
import java.io.IOException;
import dev.modelregistry.command.eventstore.EventPositions;
import dev.modelregistry.events.artifact.ArtifactEvent;
import java.time.Clock;
import java.util.Optional;
import org.axonframework.common.transaction.TransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way staged bytes become a held artifact (single uploads, resumable uploads, manifests): in
 * one database transaction, holding the digest's advisory lock, publish the staged bytes under their
 * digest and send {@code StoreArtifact}; the event and the catalog row commit together. Holding the
 * lock makes it safe against the collector deleting the same digest: whichever comes second sees what
 * the first committed.
 *
 * <p>Publishing bytes that are already held replaces them with the freshly hashed copy (which also
 * repairs a corruption nobody has noticed yet) and records no event; the blob's grace period starts
 * again. If the transaction fails after the bytes were published they stay as an object without a
 * catalog row, which the collector removes after the grace period; the client retries.
 */
final class BlobRecorder {

    private static final Logger log = LoggerFactory.getLogger(BlobRecorder.class);

    private final BlobStore store;
    private final CatalogTables tables;
    private final ArtifactCommands commands;
    private final TransactionManager transactions;
    private final EventPositions positions;
    private final Clock clock;

    BlobRecorder(BlobStore store, CatalogTables tables, ArtifactCommands commands, TransactionManager transactions,
                 EventPositions positions, Clock clock) {
        this.store = store;
        this.tables = tables;
        this.commands = commands;
        this.transactions = transactions;
        this.positions = positions;
        this.clock = clock;
    }

    /** The held blob as a result that recorded nothing (with the position of its latest event); empty when not held. */
    Optional<StoreResult> current(String sha256) {
        return tables.find(sha256).filter(BlobRow::held).map(row -> new StoreResult(view(row), false,
                positions.latestOfAggregate(ArtifactEvent.subjectOf(sha256)).orElse(0L)));
    }

    /**
     * Publishes and records {@code staged}; {@code alsoInTransaction} runs in the same transaction after
     * the command (e.g. marking an upload session completed). The staged object is consumed either way.
     */
    StoreResult record(StagedBlob staged, String mediaType, String fileName, String actor, String correlationId,
                       Runnable alsoInTransaction) {
        String sha256 = staged.digest().hex();
        try {
            return transactions.fetchInTransaction(() -> {
                tables.lockDigest(sha256);
                try {
                    store.publish(staged);
                } catch (IOException e) {
                    log.warn("Publishing blob {} failed [correlation id {}]", sha256, correlationId, e);
                    throw new ArtifactError.StoreUnavailable();
                }
                Sent sent = commands.send(new StoreArtifact(sha256, staged.size(), mediaType, fileName, actor), actor,
                        correlationId, null);
                if (!sent.recorded()) {
                    tables.touch(sha256, clock.instant());
                }
                alsoInTransaction.run();
                BlobRow row = tables.find(sha256)
                        .orElseThrow(() -> new AssertionError("no catalog row for the stored blob " + sha256));
                return new StoreResult(view(row), sent.recorded(), sent.position());
            });
        } finally {
            // a no-op after a successful publish (the staged object moved); removes it after a failure
            store.discard(staged);
        }
    }

    static StoredArtifact view(BlobRow row) {
        return new StoredArtifact(row.sha256(), row.size(), row.mediaType(), row.fileName(), row.storedAt());
    }
}
