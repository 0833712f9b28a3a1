package dev.modelregistry.command.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelregistry.command.model.RegistryError;
import dev.modelregistry.command.refusal.CommandRefusal;
import java.util.concurrent.ExecutionException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;

class RegistryCommandGatewayTest {

    private static Throwable causeIn(Throwable thrown) {
        return CommandRefusal.causeIn(thrown, RegistryError.class);
    }

    @Test
    void typed_errors_are_found_under_axon_and_jdk_wrappers() {
        RegistryError error = new RegistryError.ModelNotFound("m");
        assertThat(causeIn(error)).isSameAs(error);
        assertThat(causeIn(new CommandExecutionException("x", error))).isSameAs(error);
        assertThat(causeIn(new CommandExecutionException("x", null, error))).isSameAs(error);
        assertThat(causeIn(new RuntimeException(new ExecutionException(error)))).isSameAs(error);
    }

    @Test
    void axon_conditions_are_recognised() {
        ConcurrencyException race = new ConcurrencyException("lost");
        assertThat(causeIn(new CommandExecutionException("x", race))).isSameAs(race);
        AggregateNotFoundException missing = new AggregateNotFoundException("m", "not found");
        assertThat(causeIn(missing)).isSameAs(missing);
    }

    @Test
    void anything_else_is_left_as_thrown() {
        IllegalStateException bug = new IllegalStateException("bug", new RuntimeException("inner"));
        assertThat(causeIn(bug)).isSameAs(bug);
    }

    @Test
    void event_meta_data_always_has_actor_and_correlation_id() {
        assertThat(new EventMetaData("local-admin", "c-1", " ").toMetaData())
                .containsEntry("actor", "local-admin").containsEntry("correlation_id", "c-1").doesNotContainKey("reason");
        assertThat(new EventMetaData("local-admin", "c-1", "promote").toMetaData()).containsEntry("reason", "promote");
        assertThatThrownBy(() -> new EventMetaData(null, "c", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
