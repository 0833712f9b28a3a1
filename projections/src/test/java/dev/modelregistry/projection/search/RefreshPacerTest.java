package dev.modelregistry.projection.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefreshPacerTest {

    private static final long MS = 1_000_000;

    /** A clock that only moves when a refresh takes time or the pacer sleeps. */
    private long now;
    private final List<Long> sleeps = new ArrayList<>();

    private RefreshPacer pacer(double budget, Duration maxDelay) {
        return new RefreshPacer(budget, maxDelay, () -> now, nanos -> {
            sleeps.add(nanos / MS);
            now += nanos;
        });
    }

    private Runnable refreshTaking(long millis) {
        return () -> now += millis * MS;
    }

    @Test
    void the_first_refresh_runs_at_once_and_the_next_waits_so_that_refreshing_takes_the_budgeted_share() {
        RefreshPacer pacer = pacer(0.1, Duration.ofSeconds(1));
        pacer.refresh(refreshTaking(60));
        assertThat(sleeps).isEmpty();

        now += 100 * MS; // the next batch arrives 100 ms after the refresh ended
        pacer.refresh(refreshTaking(60));
        // 60 ms of refresh may be followed by 540 ms without: 10 %; 100 ms of them have passed
        assertThat(sleeps).containsExactly(440L);
    }

    @Test
    void a_refresh_that_is_due_runs_at_once() {
        RefreshPacer pacer = pacer(0.1, Duration.ofSeconds(1));
        pacer.refresh(refreshTaking(5));
        now += 45 * MS;
        pacer.refresh(refreshTaking(5));
        now += 2_000 * MS;
        pacer.refresh(refreshTaking(5));
        assertThat(sleeps).isEmpty();
    }

    @Test
    void no_batch_waits_longer_than_the_maximum_delay() {
        RefreshPacer pacer = pacer(0.1, Duration.ofMillis(500));
        pacer.refresh(refreshTaking(200)); // a slow refresh would ask for 1.8 s
        pacer.refresh(refreshTaking(10));
        assertThat(sleeps).containsExactly(500L);
    }

    @Test
    void a_budget_of_one_never_waits() {
        RefreshPacer pacer = pacer(1.0, Duration.ofSeconds(1));
        for (int i = 0; i < 5; i++) {
            pacer.refresh(refreshTaking(50));
        }
        assertThat(sleeps).isEmpty();
        RefreshPacer.NONE.refresh(() -> { });
    }

    @Test
    void a_budget_outside_zero_to_one_is_refused_with_the_property_name() {
        assertThatThrownBy(() -> pacer(0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("registry.projections.search.refresh-budget");
        assertThatThrownBy(() -> pacer(1.5, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pacer(0.1, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-refresh-delay");
    }
}
