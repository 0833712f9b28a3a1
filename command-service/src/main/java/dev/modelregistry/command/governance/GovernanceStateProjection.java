package dev.modelregistry.command.governance;

import dev.modelregistry.access.Namespaces;
import dev.modelregistry.command.model.AttachEvaluationReport;
import dev.modelregistry.events.evaluation.EvaluatorRegistered;
import dev.modelregistry.events.evaluation.EvaluatorRevoked;
import dev.modelregistry.events.model.EvaluationReportAttached;
import dev.modelregistry.events.model.ModelDeleted;
import dev.modelregistry.events.model.ModelDeprecationWarned;
import dev.modelregistry.events.model.ModelExpired;
import dev.modelregistry.events.model.ModelOwnerReassigned;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.events.model.VersionRegistered;
import java.time.Instant;
import java.util.Base64;
import dev.modelregistry.command.eventstore.CommandSideProjections;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * Keeps the governance tables in step with the events in the subscribing processor {@value CommandSideProjections#PROCESSOR}:
 * inside the unit of work of the command that produced them, on its database transaction, failures
 * propagated (they refuse the command). Like the access state, the tables hold only the present.
 */
@ProcessingGroup(CommandSideProjections.PROCESSOR)
class GovernanceStateProjection {


    private final GovernanceTables tables;

    GovernanceStateProjection(GovernanceTables tables) {
        this.tables = tables;
    }

    @EventHandler
    void on(EvaluatorRegistered event, @Timestamp Instant at) {
        tables.evaluatorRegistered(event.evaluator(), Base64.getDecoder().decode(event.publicKey()), at);
    }

    @EventHandler
    void on(EvaluatorRevoked event, @Timestamp Instant at) {
        tables.evaluatorRevoked(event.evaluator(), at);
    }

    /**
     * The report's exact bytes and signature are not in the event (it carries what the report says); they
     * travel in the command that attached it, which is the root message of this unit of work, so they are
     * stored in the same transaction as the event or not at all.
     */
    @EventHandler
    void on(EvaluationReportAttached event, @Timestamp Instant at) {
        Object root = CurrentUnitOfWork.isStarted() ? CurrentUnitOfWork.get().root().getMessage().getPayload() : null;
        if (!(root instanceof AttachEvaluationReport command) || !command.reportId().equals(event.reportId())
                || !command.model().equals(event.model())) {
            throw new IllegalStateException("evaluation report " + event.reportId() + " attached without its bytes");
        }
        tables.insertReport(event.model(), event.reportId(), event.version(), event.evaluator(), command.report(),
                command.signature(), at);
    }

    @EventHandler
    void on(ModelRegistered event, @Timestamp Instant at) {
        String owner = event.ownerTeam() != null ? event.ownerTeam() : Namespaces.namespaceOf(event.model());
        tables.modelRegistered(event.model(), owner, at);
    }

    @EventHandler
    void on(VersionRegistered event, @Timestamp Instant at) {
        tables.versionRegistered(event.model(), at);
    }

    @EventHandler
    void on(ModelOwnerReassigned event) {
        tables.ownerReassigned(event.model(), event.ownerTeam());
    }

    @EventHandler
    void on(ModelDeleted event) {
        tables.modelDeleted(event.model());
    }

    @EventHandler
    void on(ModelDeprecationWarned event) {
        tables.deprecationWarned(event.model(), event.lastVersionAt());
    }

    @EventHandler
    void on(ModelExpired event) {
        tables.modelExpired(event.model());
    }
}
