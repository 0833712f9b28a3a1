package dev.modelregistry.command.gateway;

import dev.modelregistry.command.eventstore.CommandPositions;
import dev.modelregistry.command.eventstore.EventPositions;
import dev.modelregistry.command.model.ModelCommand;
import dev.modelregistry.command.model.RegistryError;
import dev.modelregistry.command.refusal.CommandRefusal;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way into the command side, used by the REST controller and by tests: sends a
 * {@link ModelCommand} with its {@link EventMetaData} through Axon's command bus in this JVM, waits until
 * its events are committed, and answers with the handler's outcome and the position of the last event
 * it wrote.
 *
 * <p>Failures come back typed: a refused command throws its {@link RegistryError} (unwrapped from
 * whatever Axon put around it), an unknown model {@link RegistryError.ModelNotFound}. A command that
 * lost an optimistic-concurrency race (another instance wrote the same model first: unique
 * (aggregate_identifier, sequence_number)) is retried on fresh state up to
 * {@code registry.command.concurrency-retries} times, then refused with
 * {@link RegistryError.ConcurrentModification}. Retrying is safe: the loser wrote nothing.
 *
 * <p>Position: the event store's INSERT returns the generated global indexes and the highest one is
 * handed to the command's unit of work ({@link CommandPositions}): exact, and no extra query. A
 * command that changed nothing (an alias set to the version it already has, an update without
 * changes) answers with the position of the model's latest event (one indexed query), which its
 * state already includes.
 */
public class RegistryCommandGateway {

    /** What a committed command produced. {@code position} is the global index of its last event. */
    public record CommandResult<R>(R outcome, long position, String correlationId) {
    }

    private static final Logger log = LoggerFactory.getLogger(RegistryCommandGateway.class);

    private final CommandGateway commandGateway;
    private final EventPositions positions;
    private final int attempts;

    public RegistryCommandGateway(CommandGateway commandGateway, EventPositions positions, int concurrencyRetries) {
        this.commandGateway = commandGateway;
        this.positions = positions;
        this.attempts = Math.max(1, concurrencyRetries + 1);
    }

    /**
     * Sends the command and waits for its commit.
     *
     * @param <R> the handler's outcome type (see {@code CommandOutcomes})
     * @throws RegistryError when the command is refused
     */
    @SuppressWarnings("unchecked")
    public <R> CommandResult<R> send(ModelCommand command, EventMetaData metaData) {
        for (int attempt = 1; ; attempt++) {
            Object answer;
            try {
                answer = commandGateway.sendAndWait(
                        GenericCommandMessage.asCommandMessage(command).andMetaData(metaData.toMetaData()));
            } catch (RuntimeException e) {
                Throwable cause = CommandRefusal.causeIn(e, RegistryError.class);
                if (cause instanceof RegistryError error) {
                    throw error;
                }
                if (cause instanceof AggregateNotFoundException) {
                    throw new RegistryError.ModelNotFound(command.model());
                }
                if (cause instanceof ConcurrencyException) {
                    if (attempt < attempts) {
                        log.debug("Concurrent write on model {}, retrying {} (attempt {})", command.model(),
                                command.getClass().getSimpleName(), attempt + 1);
                        continue;
                    }
                    throw new RegistryError.ConcurrentModification(command.model());
                }
                throw e;
            }
            EventPositions.Answer<Object> answered = positions.answerOf(answer, Object.class, command.model());
            return new CommandResult<>((R) answered.result(), answered.position(), metaData.correlationId());
        }
    }
}
