package dev.modelregistry.command.eventstore;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;

/**
 * The one way the command side keeps its own tables (names, catalogs, grants, registered versions) in
 * step with its events: a subscribing processor, so its handlers run in the unit of work and on the
 * database transaction of the command that produced the events, with every failure propagated, so
 * that a refusal in a handler refuses the command and nothing is written.
 */
public final class CommandSideProjections {

    private CommandSideProjections() {
    }

    /** Registers the processing group {@code processor} as such a processor. */
    public static ConfigurerModule inCommandTransaction(String processor) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSubscribingEventProcessor(processor)
                .registerListenerInvocationErrorHandler(processor, c -> PropagatingErrorHandler.instance())
                .registerErrorHandler(processor, c -> PropagatingErrorHandler.instance()));
    }
}
