package dev.modelregistry.command.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.junit.jupiter.api.Test;

class BoundedCommandBusTest {

    record Work(int n) {
    }

    @Test
    void no_more_than_the_permitted_commands_are_handled_at_once_and_every_command_is_answered() throws Exception {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        bus.subscribe(Work.class.getName(), message -> {
            int now = running.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            Thread.sleep(20);
            running.decrementAndGet();
            return ((Work) message.getPayload()).n() * 2;
        });
        CommandGateway gateway = DefaultCommandGateway.builder().commandBus(new BoundedCommandBus(bus, 3)).build();
        int senders = 12;
        CountDownLatch done = new CountDownLatch(senders);
        List<Integer> answers = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < senders; i++) {
            int n = i;
            Thread.ofVirtual().start(() -> {
                answers.add(gateway.sendAndWait(new Work(n)));
                done.countDown();
            });
        }
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(mostAtOnce.get()).isEqualTo(3);
        assertThat(answers).hasSize(senders).allMatch(answer -> answer % 2 == 0);
    }

    @Test
    void a_failing_command_gives_its_permit_back() {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(Work.class.getName(), message -> {
            throw new IllegalStateException("refused");
        });
        CommandGateway gateway = DefaultCommandGateway.builder().commandBus(new BoundedCommandBus(bus, 1)).build();
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> gateway.sendAndWait(new Work(1))).hasMessageContaining("refused");
        }
    }

    @Test
    void at_least_one_permit_is_required() {
        assertThatThrownBy(() -> new BoundedCommandBus(SimpleCommandBus.builder().build(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registry.command.max-concurrent");
    }
}
