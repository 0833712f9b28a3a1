package dev.modelregistry.command.model;

import java.time.Instant;
import java.util.Set;

/**
 * What the promotion gates need from outside the aggregate, observed by the sender just before the
 * command: the time of the decision (report expiry), whether the owner team has an enabled member
 * (orphan check) and which evaluators are revoked. The aggregate decides with these and its own state.
 */
public record GateContext(Instant now, boolean ownerTeamStaffed, Set<String> revokedEvaluators) {

    public GateContext {
        revokedEvaluators = revokedEvaluators == null ? Set.of() : Set.copyOf(revokedEvaluators);
    }
}
