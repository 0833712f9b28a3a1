package dev.modelregistry.command.artifact;

import dev.modelregistry.artifact.BlobInfo;
import dev.modelregistry.artifact.BlobStore;
import dev.modelregistry.artifact.Sha256;
import dev.modelregistry.artifact.UploadId;
import dev.modelregistry.artifact.Verification;
import dev.modelregistry.command.artifact.CatalogTables.BlobRow;
import dev.modelregistry.command.artifact.aggregate.ChangeArtifactStorageClass;
import dev.modelregistry.command.artifact.aggregate.DeleteArtifact;
import dev.modelregistry.command.artifact.aggregate.RecordArtifactCorruption;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.axonframework.common.transaction.TransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Garbage collection, tiering and scrubbing of the blob store; run on a schedule
 * ({@code registry.artifacts.gc.*}) and on demand by operators.
 *
 * <p>Collection: a held blob that no live version references, whose bytes were delivered (stored or
 * uploaded again) and whose last reference was removed longer than the grace period ago, is deleted,
 * each in its own transaction: take the digest's advisory lock (no upload of the same bytes is between
 * publish and commit), lock the blob row (a registration that is inserting a reference holds a
 * key-share lock on it, see {@link CatalogTables}), check again that nothing references it, record
 * {@code ArtifactDeleted}, delete the bytes, commit. The bytes go last so that a refused or failed
 * record leaves them in place; if the commit itself fails after the bytes are gone, the catalog still
 * says stored and the next run deletes it again (it is unreferenced and stays locked meanwhile).
 *
 * <p>The same pass removes objects the catalog does not hold (bytes published by a transaction that
 * then failed) once they are older than the grace period, and the parts of expired upload sessions.
 * (Staging objects left by a crash are the store's own: the local store removes them when it starts.)
 *
 * <p>Tiering: stored blobs whose every reference is a version archived longer than
 * {@code registry.artifacts.tiering.archived-after} ago move to the configured storage class when the
 * backend has classes ({@code ArtifactStorageClassChanged}); on a backend without classes nothing
 * happens.
 */
public class ArtifactMaintenance {

    /** The actor on events the scheduled runs record. */
    public static final String SYSTEM_ACTOR = "system:artifact-collector";

    private static final Logger log = LoggerFactory.getLogger(ArtifactMaintenance.class);
    private static final int BATCH = 500;
    /** At most this many digests are listed in one report (the counts are exact). */
    static final int REPORT_LIMIT = 1000;
    /** Orphaned objects removed per run at most, so that a run's memory stays bounded. */
    static final int ORPHAN_LIMIT = 10_000;

    /** One deleted blob. */
    public record DeletedBlob(String sha256, long size) {
    }

    /** One blob moved to another storage class. */
    public record MovedBlob(String sha256, String fromClass, String toClass) {
    }

    /**
     * What a collection did. The lists hold at most {@value #REPORT_LIMIT} entries each; the counts
     * are complete.
     */
    public record CollectionReport(Instant cutoff, int deletedCount, long deletedBytes, List<DeletedBlob> deleted,
                                   int orphansRemoved, List<String> orphans, int expiredUploads,
                                   int storageClassChanges, List<MovedBlob> moved) {
    }

    /** What a scrub found: every blob re-hashed, the corrupted ones recorded. */
    public record ScrubReport(int verified, int corruptedCount, List<String> corrupted) {
    }

    private final BlobStore store;
    private final CatalogTables tables;
    private final ArtifactCommands commands;
    private final TransactionManager transactions;
    private final Clock clock;
    private final ArtifactSettings settings;

    ArtifactMaintenance(BlobStore store, CatalogTables tables, ArtifactCommands commands,
                        TransactionManager transactions, Clock clock, ArtifactSettings settings) {
        this.store = store;
        this.tables = tables;
        this.commands = commands;
        this.transactions = transactions;
        this.clock = clock;
        this.settings = settings;
    }

    /** The configured grace period ({@code registry.artifacts.gc.grace-period}). */
    public Duration gracePeriod() {
        return settings.gc().gracePeriod();
    }

    /**
     * Runs one collection (and tiering pass) now.
     *
     * @param gracePeriod how long a blob must have been unreferenced and untouched
     */
    public CollectionReport collect(Duration gracePeriod, String actor, String correlationId) {
        Instant now = clock.instant();
        Instant cutoff = now.minus(gracePeriod);
        String reason = "unreferenced for longer than the grace period of " + gracePeriod;

        List<DeletedBlob> deleted = new ArrayList<>();
        int deletedCount = 0;
        long deletedBytes = 0;
        String after = "";
        for (List<String> batch = tables.collectable(cutoff, after, BATCH); !batch.isEmpty();
             batch = tables.collectable(cutoff, after, BATCH)) {
            for (String sha256 : batch) {
                Optional<Long> size = deleteIfCollectable(sha256, cutoff, reason, actor, correlationId);
                if (size.isPresent()) {
                    deletedCount++;
                    deletedBytes += size.get();
                    if (deleted.size() < REPORT_LIMIT) {
                        deleted.add(new DeletedBlob(sha256, size.get()));
                    }
                }
            }
            after = batch.getLast();
        }

        List<String> orphans = removeOrphans(cutoff);
        int expired = removeExpiredUploads(now);
        List<MovedBlob> moved = new ArrayList<>();
        int movedCount = tier(now, actor, correlationId, moved);
        if (deletedCount > 0 || !orphans.isEmpty() || expired > 0 || movedCount > 0) {
            log.info("Artifact collection: {} blob(s) deleted ({} bytes), {} orphaned object(s) removed, "
                            + "{} expired upload(s) removed, {} blob(s) moved to {}", deletedCount, deletedBytes,
                    orphans.size(), expired, movedCount, settings.tiering().storageClass());
        }
        return new CollectionReport(cutoff, deletedCount, deletedBytes, deleted, orphans.size(),
                orphans.subList(0, Math.min(orphans.size(), REPORT_LIMIT)), expired, movedCount, moved);
    }

    /** Re-hashes every stored blob and records {@code ArtifactCorruptionDetected} for the bad ones. */
    public ScrubReport scrub(String actor, String correlationId) {
        int verified = 0;
        int corruptedCount = 0;
        List<String> corrupted = new ArrayList<>();
        String after = "";
        for (List<BlobRow> batch = tables.storedAfter(after, BATCH); !batch.isEmpty();
             batch = tables.storedAfter(after, BATCH)) {
            for (BlobRow row : batch) {
                Verification verification;
                try {
                    verification = store.verify(new Sha256(row.sha256()));
                } catch (IOException e) {
                    throw storeFailure("verifying " + row.sha256() + " failed", e);
                }
                verified++;
                if (!verification.intact() && recordedCorruption(verification, actor, correlationId)) {
                    corruptedCount++;
                    if (corrupted.size() < REPORT_LIMIT) {
                        corrupted.add(row.sha256());
                    }
                }
            }
            after = batch.getLast().sha256();
        }
        return new ScrubReport(verified, corruptedCount, corrupted);
    }

    private boolean recordedCorruption(Verification verification, String actor, String correlationId) {
        try {
            return recordCorruption(verification, "scrub", actor, correlationId);
        } catch (ArtifactError.ArtifactDeleted e) {
            return false; // collected since it was listed
        }
    }

    /**
     * Records that a blob's bytes no longer match its digest (or are missing), under the digest's lock.
     *
     * @return whether an event was recorded (false when the blob was already known to be corrupted)
     */
    boolean recordCorruption(Verification verification, String detectedBy, String actor, String correlationId) {
        String sha256 = verification.expected().hex();
        return transactions.fetchInTransaction(() -> {
            tables.lockDigest(sha256);
            return commands.send(new RecordArtifactCorruption(sha256,
                    verification.observed() == null ? null : verification.observed().hex(),
                    verification.observedSize(), detectedBy), actor, correlationId, null).recorded();
        });
    }

    // ------------------------------------------------------------------------------------ internals

    private Optional<Long> deleteIfCollectable(String sha256, Instant cutoff, String reason, String actor,
                                               String correlationId) {
        return transactions.fetchInTransaction(() -> {
            tables.lockDigest(sha256);
            Optional<BlobRow> row = tables.lockForDeletion(sha256);
            if (row.isEmpty() || !CatalogTables.collectable(row.get(), cutoff) || tables.isReferenced(sha256)) {
                return Optional.empty();
            }
            commands.send(new DeleteArtifact(sha256, reason), actor, correlationId, reason);
            try {
                store.delete(new Sha256(sha256));
            } catch (IOException e) {
                throw storeFailure("deleting blob " + sha256 + " failed", e);
            }
            return Optional.of(row.get().size());
        });
    }

    /** Objects in the store that the catalog does not hold, older than the cutoff. */
    private List<String> removeOrphans(Instant cutoff) {
        List<String> candidates = new ArrayList<>();
        List<BlobInfo> batch = new ArrayList<>(BATCH);
        try {
            store.forEach(info -> {
                if (candidates.size() >= ORPHAN_LIMIT || info.modifiedAt() == null || !info.modifiedAt().isBefore(cutoff)) {
                    return;
                }
                batch.add(info);
                if (batch.size() == BATCH) {
                    orphansOf(batch, candidates);
                }
            });
        } catch (IOException e) {
            throw storeFailure("listing the blob store failed", e);
        }
        orphansOf(batch, candidates);
        List<String> removed = new ArrayList<>();
        for (String sha256 : candidates) {
            boolean gone = transactions.fetchInTransaction(() -> {
                tables.lockDigest(sha256);
                if (tables.find(sha256).filter(BlobRow::held).isPresent()) {
                    return false; // an upload committed it meanwhile
                }
                try {
                    return store.delete(new Sha256(sha256));
                } catch (IOException e) {
                    throw storeFailure("deleting orphaned object " + sha256 + " failed", e);
                }
            });
            if (gone) {
                removed.add(sha256);
            }
        }
        return removed;
    }

    private void orphansOf(List<BlobInfo> batch, List<String> candidates) {
        if (batch.isEmpty()) {
            return;
        }
        Set<String> held = tables.findHeld(batch.stream().map(info -> info.digest().hex()).toList()).keySet();
        batch.stream().map(info -> info.digest().hex()).filter(sha256 -> !held.contains(sha256))
                .limit(ORPHAN_LIMIT - candidates.size()).forEach(candidates::add);
        batch.clear();
    }

    private int removeExpiredUploads(Instant now) {
        int removed = 0;
        for (List<UUID> expired = tables.expiredSessions(now, BATCH); !expired.isEmpty();
             expired = tables.expiredSessions(now, BATCH)) {
            for (UUID uploadId : expired) {
                try {
                    store.deleteParts(new UploadId(uploadId));
                } catch (IOException e) {
                    throw storeFailure("removing the parts of upload " + uploadId + " failed", e);
                }
                tables.deleteSession(uploadId);
                removed++;
            }
        }
        return removed;
    }

    private int tier(Instant now, String actor, String correlationId, List<MovedBlob> moved) {
        ArtifactSettings.Tiering tiering = settings.tiering();
        if (!tiering.enabled()) {
            return 0;
        }
        Instant cutoff = now.minus(tiering.archivedAfter());
        String target = tiering.storageClass();
        int count = 0;
        String after = "";
        for (List<String> batch = tables.archivable(cutoff, target, after, BATCH); !batch.isEmpty();
             batch = tables.archivable(cutoff, target, after, BATCH)) {
            for (String sha256 : batch) {
                Move move = move(sha256, target, actor, correlationId);
                if (!move.supported()) {
                    return count;
                }
                if (move.moved() != null) {
                    count++;
                    if (moved.size() < REPORT_LIMIT) {
                        moved.add(move.moved());
                    }
                }
            }
            after = batch.getLast();
        }
        return count;
    }

    /** The outcome of moving one blob: {@code supported} is false when the backend has no storage classes. */
    private record Move(boolean supported, MovedBlob moved) {
    }

    private Move move(String sha256, String target, String actor, String correlationId) {
        return transactions.fetchInTransaction(() -> {
            tables.lockDigest(sha256);
            Sha256 digest = new Sha256(sha256);
            try {
                Optional<BlobInfo> info = store.stat(digest);
                if (info.isEmpty()) {
                    return new Move(true, null);
                }
                if (!store.changeStorageClass(digest, target)) {
                    return new Move(false, null);
                }
                String from = info.get().storageClass();
                commands.send(new ChangeArtifactStorageClass(sha256, from, target), actor, correlationId,
                        "every version referencing it is archived");
                return new Move(true, new MovedBlob(sha256, from, target));
            } catch (IOException e) {
                throw storeFailure("moving blob " + sha256 + " to " + target + " failed", e);
            }
        });
    }

    private static ArtifactError storeFailure(String what, IOException e) {
        log.warn("Artifact maintenance: {}", what, e);
        return new ArtifactError.StoreUnavailable();
    }
}
