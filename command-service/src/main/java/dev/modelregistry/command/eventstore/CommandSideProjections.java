package dev.modelregistry.command.eventstore;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;

/**
 * The one way the command side keeps its own tables (names, catalogs, grants, registered versions,
 * governance and tracking state) in step with its events: every such handler class is in the
 * processing group {@value #PROCESSOR}, one subscribing processor, so its handlers run in the unit of
 * work and on the database transaction of the command that produced the events, with every failure
 * propagated, so that a refusal in a handler refuses the command and nothing is written. One processor
 * for all features, not one each: each processor costs every event a unit of work and a handler
 * lookup, on the request thread.
 */
public final class CommandSideProjections {

    /** The processing group of every command-side projection. */
    public static final String PROCESSOR = "command-side-state";

    private CommandSideProjections() {
    }

    /** Registers {@value #PROCESSOR} as such a processor. */
    static ConfigurerModule inCommandTransaction() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSubscribingEventProcessor(PROCESSOR)
                .registerListenerInvocationErrorHandler(PROCESSOR, c -> PropagatingErrorHandler.instance())
                .registerErrorHandler(PROCESSOR, c -> PropagatingErrorHandler.instance()));
    }
}
