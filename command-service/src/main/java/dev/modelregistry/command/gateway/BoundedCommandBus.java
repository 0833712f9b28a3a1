package dev.modelregistry.command.gateway;

import java.util.concurrent.Semaphore;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;

/**
 * The command bus as the command gateway sees it: at most {@code permits} commands are handled at once
 * in this JVM; the others wait (virtual threads, so waiting costs nothing) before their unit of work
 * starts, that is before they take a database connection. Axon's {@code SimpleCommandBus} handles a
 * command on the dispatching thread, so a permit is held from dispatch until the command committed or
 * failed.
 *
 * <p>Why: with a client per request thread, every request in flight otherwise holds a connection and a
 * PostgreSQL backend at once; at saturation they took the two cores and the shared connection pool
 * from the publisher and the projectors, whose lag is what a client waits for (docs/benchmarks.md).
 *
 * <p>Nothing handled inside a command's unit of work (aggregate, subscribing event handlers) sends another
 * command: one that did would wait for a permit while holding one, and could deadlock when all are held.
 */
public final class BoundedCommandBus implements CommandBus {

    private final CommandBus delegate;
    private final Semaphore permits;

    public BoundedCommandBus(CommandBus delegate, int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("registry.command.max-concurrent must be at least 1, was " + permits);
        }
        this.delegate = delegate;
        this.permits = new Semaphore(permits, true);
    }

    @Override
    public <C> void dispatch(CommandMessage<C> command) {
        permits.acquireUninterruptibly();
        try {
            delegate.dispatch(command);
        } finally {
            permits.release();
        }
    }

    @Override
    public <C, R> void dispatch(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback) {
        permits.acquireUninterruptibly();
        try {
            delegate.dispatch(command, callback);
        } finally {
            permits.release();
        }
    }

    @Override
    public Registration subscribe(String commandName, MessageHandler<? super CommandMessage<?>> handler) {
        return delegate.subscribe(commandName, handler);
    }

    @Override
    public Registration registerHandlerInterceptor(MessageHandlerInterceptor<? super CommandMessage<?>> interceptor) {
        return delegate.registerHandlerInterceptor(interceptor);
    }

    @Override
    public Registration registerDispatchInterceptor(
            MessageDispatchInterceptor<? super CommandMessage<?>> interceptor) {
        return delegate.registerDispatchInterceptor(interceptor);
    }
}
