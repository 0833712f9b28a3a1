package dev.modelregistry.command.governance;

import dev.modelregistry.command.eventstore.CommandPositions;
import dev.modelregistry.command.eventstore.EventPositions;
import dev.modelregistry.command.gateway.EventMetaData;
import dev.modelregistry.command.governance.evaluator.EvaluatorChange;
import dev.modelregistry.command.governance.evaluator.EvaluatorCommand;
import java.util.OptionalLong;
import org.axonframework.commandhandling.CommandExecutionException;
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
            for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
                if (cause instanceof GovernanceError error) {
                    throw error;
                }
                if (cause instanceof CommandExecutionException execution
                        && execution.getDetails().orElse(null) instanceof GovernanceError error) {
                    throw error;
                }
                if (cause instanceof AggregateNotFoundException) {
                    throw new GovernanceError.EvaluatorNotFound(command.evaluator());
                }
            }
            throw e;
        }
        if (!(answer instanceof CommandPositions.Recorded recorded)
                || !(recorded.result() instanceof EvaluatorChange change)) {
            throw new IllegalStateException("evaluator command answer was not recorded");
        }
        OptionalLong position = recorded.position().get();
        if (position.isEmpty()) {
            position = positions.latestOfAggregate(command.aggregateId());
        }
        return new Sent(change, position.orElse(0L));
    }
}
