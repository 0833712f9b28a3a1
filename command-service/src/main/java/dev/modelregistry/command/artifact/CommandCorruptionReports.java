package dev.modelregistry.command.artifact;

import dev.modelregistry.artifact.CorruptionReports;
import dev.modelregistry.artifact.Verification;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where readers (the query side's downloads) report a blob whose bytes no longer match its digest: it
 * records {@code ArtifactCorruptionDetected} (once; a blob already known to be corrupted records nothing
 * more) with the actor {@code system:<detectedBy>}. A report never fails the reader: a refusal (the
 * blob was deleted meanwhile) or an unavailable database is logged.
 */
final class CommandCorruptionReports implements CorruptionReports {

    private static final Logger log = LoggerFactory.getLogger(CommandCorruptionReports.class);

    private final ArtifactMaintenance maintenance;

    CommandCorruptionReports(ArtifactMaintenance maintenance) {
        this.maintenance = maintenance;
    }

    @Override
    public void report(Verification verification, long expectedSize, String detectedBy) {
        if (verification.intact()) {
            return;
        }
        String correlationId = UUID.randomUUID().toString();
        try {
            if (maintenance.recordCorruption(verification, detectedBy, "system:" + detectedBy, correlationId)) {
                log.warn("Artifact {} is corrupted ({}; found by {}); recorded [correlation id {}]",
                        verification.expected(), verification.missing() ? "missing" : "observed "
                                + verification.observed(), detectedBy, correlationId);
            }
        } catch (ArtifactError e) {
            log.warn("Corruption of artifact {} not recorded: {}", verification.expected(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("Corruption of artifact {} could not be recorded [correlation id {}]", verification.expected(),
                    correlationId, e);
        }
    }
}
