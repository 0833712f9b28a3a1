package dev.modelregistry.command.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.events.model.ModelRegistered;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.junit.jupiter.api.Test;

/** The command's answer carries the highest global index its INSERT returned; no database needed. */
class CommandPositionsTest {

    final List<String> statements = new ArrayList<>();
    final List<String[]> keyColumns = new ArrayList<>();

    /** A JDBC connection whose INSERT "generates" the given global indexes. */
    Connection connectionGenerating(long... keys) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement")) {
                        statements.add((String) args[0]);
                        keyColumns.add((String[]) args[1]);
                        return statement(keys);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    PreparedStatement statement(long... keys) {
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "executeBatch" -> new int[keys.length];
                    case "getGeneratedKeys" -> resultSet(keys);
                    default -> null;
                });
    }

    ResultSet resultSet(long... keys) {
        Iterator<Long> values = java.util.Arrays.stream(keys).boxed().iterator();
        long[] current = new long[1];
        return (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ResultSet.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "next" -> {
                        if (!values.hasNext()) {
                            yield false;
                        }
                        current[0] = values.next();
                        yield true;
                    }
                    case "getLong" -> current[0];
                    default -> null;
                });
    }

    void append(Connection connection) throws Exception {
        var event = new GenericDomainEventMessage<>("RegisteredModel", "m", 0,
                new ModelRegistered("m", null, null, Map.of()), MetaData.emptyInstance(), "id-1", Instant.EPOCH);
        PreparedStatement insert = CommandPositions.appendEvents().build(connection,
                EventStoreConfiguration.eventSchema("event_store"), byte[].class, List.of(event),
                RegistrySerializer.create(), (statement, index, timestamp) -> statement.setString(index, timestamp.toString()));
        insert.executeBatch();
        insert.close();
    }

    @Test
    void the_answer_carries_the_highest_generated_index() {
        SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
        commandBus.registerHandlerInterceptor(CommandPositions.commandInterceptor());
        commandBus.subscribe(String.class.getName(), command -> {
            // Axon appends in prepare-commit, after the handler returned: do the same
            CurrentUnitOfWork.get().onPrepareCommit(unitOfWork -> {
                try {
                    append(connectionGenerating(17, 19, 18));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            return "done";
        });

        Object answer = DefaultCommandGateway.builder().commandBus(commandBus).build()
                .sendAndWait(GenericCommandMessage.asCommandMessage("go"));

        CommandPositions.Recorded recorded = (CommandPositions.Recorded) answer;
        assertThat(recorded.result()).isEqualTo("done");
        assertThat(recorded.position().get()).hasValue(19);
        assertThat(statements.getFirst()).isEqualTo("INSERT INTO event_store.domain_event_entry (event_identifier, "
                + "aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload_revision, payload, "
                + "meta_data) VALUES (?,?,?,?,?,?,?,?,?)");
        assertThat(keyColumns.getFirst()).containsExactly("global_index");
    }

    @Test
    void a_command_without_events_has_no_position() {
        SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
        commandBus.registerHandlerInterceptor(CommandPositions.commandInterceptor());
        commandBus.subscribe(String.class.getName(), command -> 7);
        Object answer = DefaultCommandGateway.builder().commandBus(commandBus).build().sendAndWait("noop");
        assertThat(((CommandPositions.Recorded) answer).position().get()).isEmpty();
    }

    @Test
    void appends_outside_a_command_are_not_recorded_anywhere() throws Exception {
        append(connectionGenerating(5));
        assertThat(statements).hasSize(1);
    }
}
