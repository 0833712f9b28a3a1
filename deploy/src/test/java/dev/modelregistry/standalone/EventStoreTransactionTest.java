package dev.modelregistry.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelregistry.events.model.ModelRegistered;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.Registration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Events and token updates are written in the same database transaction as the work they belong to,
 * so a failure after the write leaves nothing behind. On Spring Boot 4 Axon's auto-configuration
 * silently falls back to {@code NoTransactionManager}; with it, every write here would be committed
 * on its own and these tests would find the rows.
 */
class EventStoreTransactionTest extends RegistryIntegrationTest {

    @Autowired
    TransactionManager transactionManager;

    @Autowired
    org.axonframework.config.Configuration axon;

    @Autowired
    EventStore eventStore;

    @Autowired
    TokenStore tokenStore;

    @Autowired
    CommandBus commandBus;

    @Autowired
    DataSource dataSource;

    @Test
    void axonUsesSpringTransactionsOnTheApplicationDataSource() {
        assertThat(transactionManager).isInstanceOf(SpringTransactionManager.class);
        assertThat(axon.getComponent(TransactionManager.class)).isSameAs(transactionManager);
    }

    @Test
    void anEventAppendedInATransactionThatFailsIsNotStored() {
        String model = uniqueName("tx-event");
        AtomicLong seenInside = new AtomicLong(-1);
        assertThatThrownBy(() -> transactionManager.executeInTransaction(() -> {
            eventStore.publish(new GenericDomainEventMessage<>("RegisteredModel", model, 0,
                    new ModelRegistered(model, "never committed", "risk", Map.of())));
            seenInside.set(countInCurrentTransaction(
                    "select count(*) from event_store.domain_event_entry where aggregate_identifier = ?", model));
            throw new IllegalStateException("failure after the append");
        })).hasMessage("failure after the append");

        assertThat(seenInside.get()).as("the event was appended inside the transaction").isEqualTo(1);
        assertThat(storedEvents(model)).as("and rolled back with it").isEmpty();
    }

    @Test
    void aTokenWrittenInATransactionThatFailsIsNotStored() {
        String processor = "tx-test-" + UUID.randomUUID();
        AtomicLong seenInside = new AtomicLong(-1);
        assertThatThrownBy(() -> transactionManager.executeInTransaction(() -> {
            tokenStore.initializeTokenSegments(processor, 1, new GlobalSequenceTrackingToken(42));
            seenInside.set(countInCurrentTransaction(
                    "select count(*) from event_store.token_entry where processor_name = ?", processor));
            throw new IllegalStateException("failure after the token update");
        })).hasMessage("failure after the token update");

        assertThat(seenInside.get()).as("the token was written inside the transaction").isEqualTo(1);
        assertThat(rows("select * from event_store.token_entry where processor_name = ?", processor))
                .as("and rolled back with it").isEmpty();
    }

    @Test
    void aCommandThatFailsAfterItsEventWasAppendedLeavesNoEventAndTheNextCommandGetsTheSameNumber() {
        String model = registerModel(uniqueName("tx-command"));
        String correlationId = "tx-" + UUID.randomUUID();
        AtomicLong seenInside = new AtomicLong(-1);
        // fails the command's unit of work after the event store appended its event (prepare-commit
        // handlers run in order; this one is added behind the event store's)
        MessageHandlerInterceptor<CommandMessage<?>> failAfterAppend = (unitOfWork, chain) -> {
            if (correlationId.equals(unitOfWork.getMessage().getMetaData().get("correlation_id"))) {
                unitOfWork.onPrepareCommit(first -> first.onPrepareCommit(last -> {
                    seenInside.set(countInCurrentTransaction("select count(*) from event_store.domain_event_entry "
                            + "where aggregate_identifier = ?", model));
                    throw new IllegalStateException("failure after the append");
                }));
            }
            return chain.proceed();
        };
        Registration registration = commandBus.registerHandlerInterceptor(failAfterAppend);
        Answer failed;
        try {
            failed = send(HttpRequest.newBuilder(uri("/api/v1/models/" + model + "/versions"))
                    .header("content-type", "application/json")
                    .header("X-Correlation-Id", correlationId)
                    .POST(HttpRequest.BodyPublishers.ofString(versionBody(model, 0.9))));
        } finally {
            registration.cancel();
        }

        assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
        assertThat(failed.contentType()).startsWith("application/problem+json");
        assertThat(seenInside.get()).as("registration and the new version inside the transaction").isEqualTo(2);
        assertThat(storedEvents(model)).as("only the registration is stored").hasSize(1);
        Answer next = registerVersion(model, 0.9);
        assertThat(next.status()).as(next.toString()).isEqualTo(201);
        assertThat(next.json().get("version").asInt()).isEqualTo(1);
        assertThat(storedEvents(model)).hasSize(2);
    }

    /** A count read through the connection of the current Spring transaction (it sees uncommitted rows). */
    private long countInCurrentTransaction(String sql, String parameter) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
