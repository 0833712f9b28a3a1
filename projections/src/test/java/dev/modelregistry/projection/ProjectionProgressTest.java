package dev.modelregistry.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.projection.ProjectionProgress.PartitionState;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectionProgressTest {

    private static final OffsetDateTime T = OffsetDateTime.parse("2026-11-23T10:00:00Z");

    private static PartitionState partition(int partition, long position, boolean caughtUp, int second) {
        return new PartitionState(partition, position, position, caughtUp, T.plusSeconds(second));
    }

    @Test
    void onePartitionHasReachedOnlyWhenItAppliedThePosition() {
        assertThat(ProjectionProgress.reached(List.of(partition(0, 10, true, 5)), 10)).isTrue();
        // caught up at its last poll, but the event may have been published since: not reached
        assertThat(ProjectionProgress.reached(List.of(partition(0, 9, true, 5)), 10)).isFalse();
        assertThat(ProjectionProgress.reached(List.of(), 1)).isFalse();
    }

    @Test
    void anotherPartitionCountsWhenCaughtUpAfterThePositionWasApplied() {
        assertThat(ProjectionProgress.reached(List.of(partition(0, 12, false, 5), partition(1, 7, true, 5)), 10)).isTrue();
        assertThat(ProjectionProgress.reached(List.of(partition(0, 12, false, 5), partition(1, 7, true, 4)), 10))
                .as("caught up before the event was applied anywhere").isFalse();
        assertThat(ProjectionProgress.reached(List.of(partition(0, 12, false, 5), partition(1, 7, false, 9)), 10))
                .as("still behind").isFalse();
        assertThat(ProjectionProgress.reached(List.of(partition(0, 9, true, 5), partition(1, 7, true, 9)), 10))
                .as("nothing at or after the position applied yet").isFalse();
        assertThat(ProjectionProgress.reached(List.of(partition(0, 10, false, 5), partition(1, 11, false, 9)), 10)).isTrue();
    }
}
