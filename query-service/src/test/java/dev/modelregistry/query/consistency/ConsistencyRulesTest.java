package dev.modelregistry.query.consistency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelregistry.query.QueryProperties;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import dev.modelregistry.readmodel.ReadModelPositions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read-your-writes gate and the parsing of {@code min_position}. */
class ConsistencyRulesTest {

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

    /**
     * A progress source that answers from a script, without a database: each answer is the highest
     * position applied and whether the position asked for is reached (the rule itself is
     * ReadModelPositions', tested against PostgreSQL in read-model).
     */
    private static final class ScriptedProgress extends ProjectionProgress {
        private final Deque<ReadModelPositions.Reach> answers;
        private final List<Long> asked = new ArrayList<>();

        ScriptedProgress(ReadModelPositions.Reach... answers) {
            super(null, properties(Duration.ofSeconds(1)));
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        ReadModelPositions.Reach check(Projector projector, long position) {
            asked.add(position);
            return answers.size() > 1 ? answers.pop() : answers.peek();
        }
    }

    private static ReadModelPositions.Reach reached(long highest) {
        return new ReadModelPositions.Reach(true, highest);
    }

    private static ReadModelPositions.Reach notReached(long highest) {
        return new ReadModelPositions.Reach(false, highest);
    }

    private static QueryProperties properties(Duration timeout) {
        return new QueryProperties(timeout, Duration.ofMillis(1), Duration.ofSeconds(60), "k",
                new QueryProperties.Elasticsearch(List.of(), null, null, Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }

    @Test
    void answersAtOnceWithoutMinPosition() {
        ScriptedProgress progress = new ScriptedProgress(reached(5));
        ConsistencyGate gate = new ConsistencyGate(progress, properties(Duration.ofSeconds(5)));
        assertThat(gate.await(List.of(Projector.POSTGRES), 0)).isEqualTo(5);
        assertThat(progress.asked).containsExactly(0L);
    }

    @Test
    void waitsUntilThePositionItselfIsReached() {
        // the highest applied position passes 9 before 9 itself is applied (published out of order)
        ScriptedProgress progress = new ScriptedProgress(notReached(3), notReached(12), notReached(14), reached(14));
        ConsistencyGate gate = new ConsistencyGate(progress, properties(Duration.ofSeconds(5)));
        assertThat(gate.await(List.of(Projector.POSTGRES), 9)).isEqualTo(14);
        assertThat(progress.asked).containsExactly(9L, 9L, 9L, 9L);
    }

    @Test
    void answersTheLowestHighestPositionOfTheReadModelsUsed() {
        ScriptedProgress progress = new ScriptedProgress(reached(20), reached(11));
        ConsistencyGate gate = new ConsistencyGate(progress, properties(Duration.ofSeconds(5)));
        assertThat(gate.await(List.of(Projector.POSTGRES, Projector.SEARCH), 10)).isEqualTo(11);
        assertThat(gate.await(List.of(), 10)).isZero();
    }

    @Test
    void givesUpWithReadModelBehindAndRetryAfter() {
        ConsistencyGate gate = new ConsistencyGate(new ScriptedProgress(notReached(7)), properties(Duration.ofMillis(30)));
        assertThatThrownBy(() -> gate.await(List.of(Projector.SEARCH), 4))
                .isInstanceOfSatisfying(QueryException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.READ_MODEL_BEHIND);
                    assertThat(e.retryAfter()).isPositive();
                    assertThat(e.properties()).containsEntry("read_model", "search")
                            .containsEntry("reached_position", 7L).containsEntry("min_position", 4L);
                });
    }
}
