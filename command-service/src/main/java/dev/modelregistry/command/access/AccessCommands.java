package dev.modelregistry.command.access;

import dev.modelregistry.command.access.aggregate.AccessChange;
import dev.modelregistry.command.access.aggregate.AccessCommand;
import dev.modelregistry.command.access.aggregate.NamespaceCommand;
import dev.modelregistry.command.access.aggregate.UserCommand;
import dev.modelregistry.command.eventstore.CommandPositions;
import dev.modelregistry.command.eventstore.EventPositions;
import dev.modelregistry.command.gateway.EventMetaData;
import java.util.OptionalLong;
import org.axonframework.commandhandling.CommandExecutionException;
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
            Throwable cause = unwrap(e);
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
        if (!(answer instanceof CommandPositions.Recorded recorded)
                || !(recorded.result() instanceof AccessChange change)) {
            throw new IllegalStateException("access command answer was not recorded; is the CommandPositions "
                    + "interceptor registered on the command bus?");
        }
        OptionalLong position = recorded.position().get();
        if (position.isEmpty()) {
            position = positions.latestOfAggregate(command.aggregateId());
        }
        return new Sent(change, position.orElse(0L));
    }

    /** The typed refusal under Axon's and the JDK's wrappers, else the thrown exception itself. */
    static Throwable unwrap(Throwable thrown) {
        Throwable current = thrown;
        for (int depth = 0; current != null && depth < 16; depth++) {
            if (current instanceof AccessError || current instanceof AggregateNotFoundException) {
                return current;
            }
            if (current instanceof CommandExecutionException execution
                    && execution.getDetails().orElse(null) instanceof AccessError error) {
                return error;
            }
            if (current.getCause() == current) {
                break;
            }
            current = current.getCause();
        }
        return thrown;
    }
}
