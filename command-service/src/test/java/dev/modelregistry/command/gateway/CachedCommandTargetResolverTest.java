package dev.modelregistry.command.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelregistry.command.model.DeleteModel;
import dev.modelregistry.command.tracking.aggregate.FinishRun;
import dev.modelregistry.events.tracking.RunStatus;
import java.time.Instant;
import java.util.List;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.junit.jupiter.api.Test;

class CachedCommandTargetResolverTest {

    private final CachedCommandTargetResolver cached = new CachedCommandTargetResolver();
    private final AnnotationCommandTargetResolver axon = AnnotationCommandTargetResolver.builder().build();

    record Versioned(@TargetAggregateIdentifier String id, @TargetAggregateVersion Long expected) {
    }

    static final class ByMethod {
        @TargetAggregateIdentifier
        String target() {
            return "by-method";
        }

        @TargetAggregateVersion
        String version() {
            return "7";
        }
    }

    record Unidentified(String id) {
    }

    private static CommandMessage<?> message(Object command) {
        return GenericCommandMessage.asCommandMessage(command);
    }

    @Test
    void finds_the_same_target_as_axon_for_record_components_interface_methods_methods_and_versions() {
        List<Object> commands = List.of(new DeleteModel("fraud-detector"),
                new FinishRun("r-1", RunStatus.FINISHED, Instant.parse("2026-11-24T10:00:00Z")),
                new Versioned("m", 3L), new Versioned("m", null), new ByMethod());
        for (Object command : commands) {
            // twice: the second answer comes from the per-class cache
            assertThat(cached.resolveTarget(message(command))).isEqualTo(axon.resolveTarget(message(command)));
            assertThat(cached.resolveTarget(message(command))).isEqualTo(axon.resolveTarget(message(command)));
        }
        assertThat(cached.resolveTarget(message(new FinishRun("r-1", RunStatus.FINISHED, null))).getIdentifier())
                .isEqualTo("run:r-1");
        assertThat(cached.resolveTarget(message(new ByMethod())).getVersion()).isEqualTo(7L);
    }

    @Test
    void a_command_without_a_target_is_refused_as_axon_refuses_it() {
        assertThatThrownBy(() -> cached.resolveTarget(message(new Unidentified("x"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unidentified");
        assertThatThrownBy(() -> cached.resolveTarget(message(new Versioned(null, 1L))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
