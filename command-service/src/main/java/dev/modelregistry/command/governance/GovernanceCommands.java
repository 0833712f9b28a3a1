package dev.modelregistry.command.governance;

import dev.modelregistry.command.eventstore.EventPositions;
import dev.modelregistry.command.gateway.EventMetaData;
import dev.modelregistry.command.governance.evaluator.EvaluatorChange;
import dev.modelregistry.command.governance.evaluator.EvaluatorCommand;
import dev.modelregistry.command.refusal.CommandRefusal;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;

/** Sends {@link EvaluatorCommand}s through Axon's command bus; refusals come back as {@link GovernanceError}. */
final class GovernanceCommands {

    record Sent(EvaluatorChange change, long position) {
    }

    private final CommandGateway gateway;
    private final EventPositions positions;

    GovernanceCommands(CommandGateway gateway, EventPositions positions) {
        this.gateway = gateway;
        this.positions = positions;
    }

    Sent send(EvaluatorCommand command, EventMetaData metaData) {
        Object answer;
        try {
            answer = gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                    .andMetaData(metaData.toMetaData()));
        } catch (RuntimeException e) {
            Throwable cause = CommandRefusal.causeIn(e, GovernanceError.class);
            if (cause instanceof GovernanceError error) {
                throw error;
            }
            if (cause instanceof AggregateNotFoundException) {
                throw new GovernanceError.EvaluatorNotFound(command.evaluator());
            }
            throw e;
        }
        EventPositions.Answer<EvaluatorChange> answered = positions.answerOf(answer, EvaluatorChange.class,
                command.aggregateId());
        return new Sent(answered.result(), answered.position());
    }
}
