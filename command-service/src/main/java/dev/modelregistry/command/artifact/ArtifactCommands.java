package dev.modelregistry.command.artifact;

import dev.modelregistry.command.artifact.aggregate.ArtifactChange;
import dev.modelregistry.command.artifact.aggregate.ArtifactCommand;
import dev.modelregistry.command.eventstore.EventPositions;
import dev.modelregistry.command.refusal.CommandRefusal;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;

/**
 * Sends {@link ArtifactCommand}s through Axon's command bus in this thread, so that the command's unit
 * of work joins the caller's database transaction (Axon's {@code SpringTransactionManager} takes part in
 * a running Spring transaction and leaves the commit to its owner). Callers hold the digest's advisory
 * lock ({@link CatalogTables#lockDigest}) in that transaction, so no two commands for one blob race.
 *
 * <p>Refusals come back typed: the aggregate's {@link ArtifactError}, and a command for a digest that
 * was never stored as {@link ArtifactError.ArtifactNotFound}.
 */
final class ArtifactCommands {

    /** What a command did, and the position of its last event (of the blob's latest event when it recorded none). */
    record Sent(ArtifactChange change, long position) {

        boolean recorded() {
            return change == ArtifactChange.RECORDED;
        }
    }

    private final CommandGateway gateway;
    private final EventPositions positions;
    private final CommandMetaData metaData;

    ArtifactCommands(CommandGateway gateway, EventPositions positions, CommandMetaData metaData) {
        this.gateway = gateway;
        this.positions = positions;
        this.metaData = metaData;
    }

    Sent send(ArtifactCommand command, String actor, String correlationId, String reason) {
        Object answer;
        try {
            answer = gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                    .andMetaData(metaData.of(actor, correlationId, reason)));
        } catch (RuntimeException e) {
            Throwable cause = CommandRefusal.causeIn(e, ArtifactError.class);
            if (cause instanceof ArtifactError error) {
                throw error;
            }
            if (cause instanceof AggregateNotFoundException) {
                throw new ArtifactError.ArtifactNotFound(command.sha256());
            }
            throw e;
        }
        EventPositions.Answer<ArtifactChange> answered = positions.answerOf(answer, ArtifactChange.class,
                command.artifactId());
        return new Sent(answered.result(), answered.position());
    }
}
