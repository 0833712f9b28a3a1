package dev.modelregistry.query.consistency;

import dev.modelregistry.query.QueryProperties;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import dev.modelregistry.readmodel.ReadModelPositions;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Read-your-writes: waits, by short polling of the read model, until read models have reached a
 * position by the rule of {@link ReadModelPositions} (the event at exactly that position processed;
 * docs/architecture.md, Consistency model); after {@code registry.query.min-position-timeout} it gives
 * up with 503 {@code read_model_behind} and a {@code Retry-After}. Requests run on virtual threads, so
 * a waiting request holds no platform thread.
 */
@Component("queryConsistencyGate")
public class ConsistencyGate {

    private final ProjectionProgress progress;
    private final Duration timeout;
    private final Duration pollInterval;

    ConsistencyGate(ProjectionProgress progress, QueryProperties properties) {
        this.progress = progress;
        this.timeout = properties.minPositionTimeout();
        this.pollInterval = properties.minPositionPollInterval();
    }

    /**
     * @param minPosition the position to wait for; 0 to not wait
     * @return for {@code X-Registry-Position}: the lowest, over the given projectors, of the highest
     *         position each has applied (never below {@code minPosition} once that is reached); 0
     *         without projectors or progress
     * @throws QueryException 503 {@code read_model_behind} when the wait timed out
     */
    public long await(Collection<Projector> projectors, long minPosition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Projector behind = null;
            long behindAt = 0;
            long reached = Long.MAX_VALUE;
            for (Projector projector : projectors) {
                ReadModelPositions.Reach reach = progress.check(projector, minPosition);
                reached = Math.min(reached, reach.highest());
                if (!reach.reached() && behind == null) {
                    behind = projector;
                    behindAt = reach.highest();
                }
            }
            if (reached == Long.MAX_VALUE) {
                return 0;
            }
            if (behind == null) {
                return Math.max(reached, minPosition);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw behind(behind, behindAt, minPosition);
            }
            try {
                Thread.sleep(pollInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw behind(behind, behindAt, minPosition);
            }
        }
    }

    /**
     * @param highest the highest position the projector has applied: it may exceed {@code wanted},
     *                since events are published in commit order, not position order
     */
    private QueryException behind(Projector projector, long highest, long wanted) {
        return new QueryException(ProblemType.READ_MODEL_BEHIND, ConsistencyHeaders.MIN_POSITION_PARAMETER,
                "The " + projector.id() + " read model has not yet applied position " + wanted
                        + " (highest position applied: " + highest + "); retry later",
                Map.of("read_model", projector.id(), "reached_position", highest, "min_position", wanted),
                Duration.ofSeconds(1));
    }
}
