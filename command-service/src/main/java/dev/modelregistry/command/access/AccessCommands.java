package dev.modelregistry.command.access;

import dev.modelregistry.command.access.aggregate.AccessChange;
import dev.modelregistry.command.access.aggregate.AccessCommand;
import dev.modelregistry.command.access.aggregate.NamespaceCommand;
import dev.modelregistry.command.access.aggregate.UserCommand;
import dev.modelregistry.command.eventstore.EventPositions;
import dev.modelregistry.command.gateway.EventMetaData;
import dev.modelregistry.command.refusal.CommandRefusal;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Sends {@link AccessCommand}s through Axon's command bus in this thread, like the model gateway: the
 * command's unit of work joins the caller's database transaction (Axon's {@code SpringTransactionManager}
 * takes part in a running Spring transaction and leaves the commit to its owner), so the credential rows
 * the caller writes and the events commit together. Callers hold the aggregate's advisory lock
 * ({@link AccessTables#lock}) in that transaction.
 *
 * <p>Refusals come back typed: the aggregates' {@link AccessError}; a command for a user never created
 * as {@link AccessError.UserNotFound}.
 */
final class AccessCommands {

    /** What a command did, and the position of its last event (of the aggregate's latest when it recorded none). */
    record Sent(AccessChange change, long position) {

        boolean recorded() {
            return change == AccessChange.RECORDED;
        }
    }

    private final CommandGateway gateway;
    private final EventPositions positions;

    AccessCommands(CommandGateway gateway, EventPositions positions) {
        this.gateway = gateway;
        this.positions = positions;
    }

    Sent send(AccessCommand command, EventMetaData metaData) {
        Object answer;
        try {
            answer = gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                    .andMetaData(metaData.toMetaData()));
        } catch (RuntimeException e) {
            Throwable cause = CommandRefusal.causeIn(e, AccessError.class);
            if (cause instanceof AccessError error) {
                throw error;
            }
            if (cause instanceof AggregateNotFoundException) {
                throw switch (command) {
                    case UserCommand user -> new AccessError.UserNotFound(user.username());
                    case NamespaceCommand namespace -> new AccessError.NamespaceNotFound(namespace.namespace());
                    default -> e;
                };
            }
            throw e;
        }
        EventPositions.Answer<AccessChange> answered = positions.answerOf(answer, AccessChange.class,
                command.aggregateId());
        return new Sent(answered.result(), answered.position());
    }
}
