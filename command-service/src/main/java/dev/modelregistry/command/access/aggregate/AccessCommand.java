package dev.modelregistry.command.access.aggregate;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Every command of the access-control aggregates: immutable records named in the imperative. The
 * aggregate identifier is the events' subject ({@code user:<username>}, {@code namespace:<namespace>},
 * {@code access:global}), never the bare name: Axon's event table keys events by identifier alone, and
 * a user, a namespace and a model may share a name. Who sends a command, why, and under which
 * correlation id travels as Axon meta data.
 *
 * <p>Commands are sent only by the access feature's own services, each while holding the aggregate's
 * PostgreSQL advisory lock in the transaction that also writes the credentials, so two commands for one
 * aggregate never race for the same sequence number.
 */
public sealed interface AccessCommand permits UserCommand, NamespaceCommand, GlobalAccessCommand {

    @TargetAggregateIdentifier
    String aggregateId();
}
