package dev.modelregistry.command.governance;

import dev.modelregistry.command.gateway.EventMetaData;
import dev.modelregistry.command.gateway.RegistryCommandGateway;
import dev.modelregistry.command.model.CommandOutcomes.DeprecationStep;
import dev.modelregistry.command.model.ExpireModel;
import dev.modelregistry.command.model.RegistryError;
import dev.modelregistry.command.model.WarnOfDeprecation;
import dev.modelregistry.command.governance.GovernanceTables.DueModel;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deprecation pressure, as {@code system}: warns each live model whose last version is older than
 * {@code warn-after}, and expires each warned model whose last version is older than
 * {@code expire-after}. Idempotent: the aggregate records a warning once per last-version time and
 * ignores a step made stale by a new version, so overlapping runs or several instances only repeat
 * reads. The clock is injected (tests run it at a fixed time).
 */
public final class DeprecationJob {

    private static final Logger log = LoggerFactory.getLogger(DeprecationJob.class);
    static final String ACTOR = "system";

    /** How many models a run warned and expired. */
    public record Run(int warned, int expired) {
    }

    private final GovernanceTables tables;
    private final RegistryCommandGateway gateway;
    private final GovernanceSettings.Deprecation settings;
    private final Clock clock;

    DeprecationJob(GovernanceTables tables, RegistryCommandGateway gateway, GovernanceSettings.Deprecation settings,
                   Clock clock) {
        this.tables = tables;
        this.gateway = gateway;
        this.settings = settings;
        this.clock = clock;
    }

    /** The same job reading another clock (tests run it at a fixed time). */
    public DeprecationJob withClock(Clock otherClock) {
        return new DeprecationJob(tables, gateway, settings, otherClock);
    }

    /** One run over every model. */
    public Run runOnce() {
        return run(null);
    }

    /** One run over a single model (an operator's check of one model, and tests on a shared database). */
    public Run runFor(String model) {
        return run(model);
    }

    private Run run(String only) {
        Instant now = clock.instant();
        String correlationId = "deprecation-" + UUID.randomUUID();
        int warned = 0;
        int expired = 0;
        for (DueModel due : tables.due(now.minus(settings.warnAfter()), settings.batchSize(), only)) {
            boolean alreadyWarned = due.lastVersionAt().equals(due.warnedFor());
            if (!alreadyWarned && step(new WarnOfDeprecation(due.model(), due.lastVersionAt(),
                    due.lastVersionAt().plus(settings.expireAfter())), correlationId)) {
                warned++;
                alreadyWarned = true;
            }
            if (alreadyWarned && !due.lastVersionAt().isAfter(now.minus(settings.expireAfter()))
                    && step(new ExpireModel(due.model(), due.lastVersionAt()), correlationId)) {
                expired++;
            }
        }
        if (warned + expired > 0) {
            log.info("Deprecation: {} model(s) warned, {} expired", warned, expired);
        }
        return new Run(warned, expired);
    }

    private boolean step(dev.modelregistry.command.model.ModelCommand command, String correlationId) {
        try {
            DeprecationStep step = gateway.<DeprecationStep>send(command,
                    new EventMetaData(ACTOR, correlationId, "no version registered for the configured period"))
                    .outcome();
            return step.recorded();
        } catch (RegistryError e) {
            // deleted in the meantime, or lost a race repeatedly: the next run looks again
            log.debug("Deprecation step on {} refused: {}", command.model(), e.code());
            return false;
        }
    }
}
