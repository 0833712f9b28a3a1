package dev.modelregistry.query.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelregistry.query.QueryProperties;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsistencyRulesTest {

    @Test
    void reachedPositionFollowsTheRuleOfTheArchitecture() {
        // no row: nothing reached
        assertThat(ProjectionProgress.reached(null, null)).isZero();
        // one partition, not caught up: its position
        assertThat(ProjectionProgress.reached(17L, 17L)).isEqualTo(17);
        // every partition caught up: the highest position
        assertThat(ProjectionProgress.reached(17L, null)).isEqualTo(17);
        // partitions at 10 (behind) and 30 (caught up): only 10 is reached
        assertThat(ProjectionProgress.reached(30L, 10L)).isEqualTo(10);
    }

    @Test
    void minPositionMustBeAPositiveInteger() {
        assertThat(MinPositionInterceptor.parse(null, "min_position")).isZero();
        assertThat(MinPositionInterceptor.parse(new String[] {"42"}, "min_position")).isEqualTo(42);
        assertThat(MinPositionInterceptor.parse(new String[] {" 9223372036854775807 "}, "min_position"))
                .isEqualTo(Long.MAX_VALUE);
        for (String invalid : List.of("0", "-1", "abc", "", "1.0", "9223372036854775808")) {
            assertThatThrownBy(() -> MinPositionInterceptor.parse(new String[] {invalid}, "X-Registry-Min-Position"))
                    .as(invalid)
                    .isInstanceOfSatisfying(QueryException.class, e -> {
                        assertThat(e.type()).isEqualTo(ProblemType.INVALID_PARAMETER);
                        assertThat(e.field()).isEqualTo("X-Registry-Min-Position");
                    });
        }
        assertThatThrownBy(() -> MinPositionInterceptor.parse(new String[] {"1", "2"}, "min_position"))
                .isInstanceOf(QueryException.class);
    }

    /** A progress source that answers from a script, without a database. */
    private static final class ScriptedProgress extends ProjectionProgress {
        private final Deque<Long> answers;
        private int reads;

        ScriptedProgress(Long... answers) {
            super(null);
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        long reached(Projector projector) {
            reads++;
            return answers.size() > 1 ? answers.pop() : answers.peek();
        }
    }

    private static QueryProperties properties(Duration timeout) {
        return new QueryProperties(timeout, Duration.ofMillis(1), "k",
                new QueryProperties.Elasticsearch(List.of(), null, null, Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }

    @Test
    void answersAtOnceWithoutMinPosition() {
        ScriptedProgress progress = new ScriptedProgress(5L);
        ConsistencyGate gate = new ConsistencyGate(progress, properties(Duration.ofSeconds(5)));
        assertThat(gate.await(List.of(Projector.POSTGRES), 0)).isEqualTo(5);
        assertThat(progress.reads).isEqualTo(1);
    }

    @Test
    void waitsUntilThePositionIsReached() {
        ScriptedProgress progress = new ScriptedProgress(1L, 2L, 3L, 9L);
        ConsistencyGate gate = new ConsistencyGate(progress, properties(Duration.ofSeconds(5)));
        assertThat(gate.await(List.of(Projector.POSTGRES), 9)).isEqualTo(9);
        assertThat(progress.reads).isEqualTo(4);
    }

    @Test
    void givesUpWithReadModelBehindAndRetryAfter() {
        ConsistencyGate gate = new ConsistencyGate(new ScriptedProgress(3L), properties(Duration.ofMillis(30)));
        assertThatThrownBy(() -> gate.await(List.of(Projector.SEARCH), 4))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.READ_MODEL_BEHIND);
                    assertThat(e.retryAfter()).isPositive();
                    assertThat(e.properties()).containsEntry("read_model", "search")
                            .containsEntry("reached_position", 3L);
                });
    }
}
