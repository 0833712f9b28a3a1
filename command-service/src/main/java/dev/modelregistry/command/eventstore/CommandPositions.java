package dev.modelregistry.command.eventstore;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.SerializedObject;

/**
 * Captures the position (global index) of the last event each command wrote, without an extra query:
 * the event store's INSERT returns the generated {@code global_index} values ({@code RETURNING}), and
 * the highest one is handed to the command's unit of work.
 *
 * <ul>
 *   <li>{@link #commandInterceptor()} (on the command bus) puts an empty {@link Position} into the
 *       command's unit of work and wraps the handler's result with it ({@link Recorded});</li>
 *   <li>{@link #appendEvents()} (the JDBC engine's append statement) is Axon's own INSERT, prepared to
 *       return the generated keys; after the batch ran it records the highest key in the
 *       {@link Position} of the unit of work that is committing.</li>
 * </ul>
 * Axon appends a command's events when its unit of work prepares the commit, after the handler
 * returned, so the position is set once the command has committed, which is when the caller of the
 * command bus receives the answer.
 */
public final class CommandPositions {

    /** The position of a command's last event, once its unit of work has committed. */
    public static final class Position {
        private final AtomicLong last = new AtomicLong(-1);

        void record(long globalIndex) {
            last.accumulateAndGet(globalIndex, Math::max);
        }

        /** Empty when the command wrote no event. */
        public OptionalLong get() {
            long value = last.get();
            return value < 0 ? OptionalLong.empty() : OptionalLong.of(value);
        }
    }

    /** A command handler's result and the position of the events it wrote. */
    public record Recorded(Object result, Position position) {
    }

    private static final String RESOURCE = CommandPositions.class.getName() + ".position";

    private CommandPositions() {
    }

    public static MessageHandlerInterceptor<CommandMessage<?>> commandInterceptor() {
        return CommandPositions::handle;
    }

    private static Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        Position position = new Position();
        unitOfWork.resources().put(RESOURCE, position);
        return new Recorded(chain.proceed(), position);
    }

    /**
     * Axon's INSERT into the domain event table (same columns, same values as
     * {@code JdbcEventStorageEngineStatements.appendEvents}), prepared to return {@code global_index}.
     */
    public static AppendEventsStatementBuilder appendEvents() {
        return (connection, schema, dataType, events, serializer, timestampWriter) -> {
            String sql = "INSERT INTO " + schema.domainEventTable() + " (" + schema.domainEventFields() + ") "
                    + "VALUES (?,?,?,?,?,?,?,?,?)";
            PreparedStatement statement = connection.prepareStatement(sql, new String[] {schema.globalIndexColumn()});
            for (EventMessage<?> eventMessage : events) {
                DomainEventMessage<?> event = asDomainEventMessage(eventMessage);
                SerializedObject<?> payload = event.serializePayload(serializer, dataType);
                SerializedObject<?> metaData = event.serializeMetaData(serializer, dataType);
                statement.setString(1, event.getIdentifier());
                statement.setString(2, event.getAggregateIdentifier());
                statement.setLong(3, event.getSequenceNumber());
                statement.setString(4, event.getType());
                timestampWriter.writeTimestamp(statement, 5, event.getTimestamp());
                statement.setString(6, payload.getType().getName());
                statement.setString(7, payload.getType().getRevision());
                statement.setObject(8, payload.getData());
                statement.setObject(9, metaData.getData());
                statement.addBatch();
            }
            return recordingKeys(statement);
        };
    }

    private static DomainEventMessage<?> asDomainEventMessage(EventMessage<?> event) {
        return event instanceof DomainEventMessage<?> domain
                ? domain
                : new GenericDomainEventMessage<>(null, event.getIdentifier(), 0L, event, event::getTimestamp);
    }

    /** Wraps the statement so that, after {@code executeBatch}, the generated keys reach the unit of work. */
    private static PreparedStatement recordingKeys(PreparedStatement statement) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result = invoke(statement, method, args);
            if (method.getName().equals("executeBatch")) {
                Position position = currentPosition();
                if (position != null) {
                    try (ResultSet keys = statement.getGeneratedKeys()) {
                        while (keys.next()) {
                            position.record(keys.getLong(1));
                        }
                    }
                }
            }
            return result;
        };
        return (PreparedStatement) Proxy.newProxyInstance(CommandPositions.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, handler);
    }

    private static Object invoke(PreparedStatement target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Position currentPosition() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        for (UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get(); unitOfWork != null;
             unitOfWork = unitOfWork.parent().orElse(null)) {
            Position position = unitOfWork.getResource(RESOURCE);
            if (position != null) {
                return position;
            }
        }
        return null;
    }
}
