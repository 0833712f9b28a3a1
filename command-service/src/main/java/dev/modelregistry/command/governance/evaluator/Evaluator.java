package dev.modelregistry.command.governance.evaluator;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import dev.modelregistry.command.governance.GovernanceError;
import dev.modelregistry.events.evaluation.EvaluatorRegistered;
import dev.modelregistry.events.evaluation.EvaluatorRevoked;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * One evaluator ({@code evaluator:<name>}): registered once with its public key, then possibly revoked.
 * A name is never registered again (reports name their evaluator; a new key is a new evaluator). Few
 * events: no cache, no snapshots.
 */
@Aggregate(type = "Evaluator")
class Evaluator {

    @AggregateIdentifier
    private String id;
    private boolean registered;
    private boolean revoked;

    Evaluator() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    EvaluatorChange handle(RegisterEvaluator command) {
        if (registered) {
            throw new GovernanceError.EvaluatorExists(command.evaluator());
        }
        apply(new EvaluatorRegistered(command.evaluator(), command.publicKey(), command.description()));
        return EvaluatorChange.RECORDED;
    }

    @CommandHandler
    EvaluatorChange handle(RevokeEvaluator command) {
        if (!registered) {
            throw new GovernanceError.EvaluatorNotFound(command.evaluator());
        }
        if (revoked) {
            return EvaluatorChange.UNCHANGED;
        }
        apply(new EvaluatorRevoked(command.evaluator(), command.reason()));
        return EvaluatorChange.RECORDED;
    }

    @EventSourcingHandler
    void on(EvaluatorRegistered event) {
        id = event.subject();
        registered = true;
    }

    @EventSourcingHandler
    void on(EvaluatorRevoked event) {
        revoked = true;
    }
}
