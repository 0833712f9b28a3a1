package dev.modelregistry.query.consistency;

import dev.modelregistry.query.QueryProperties;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Read-your-writes: waits, by short polling of the projection progress, until read models have
 * reached a position; after {@code registry.query.min-position-timeout} it gives up with 503
 * {@code read_model_behind} and a {@code Retry-After}. Requests run on virtual threads, so a
 * waiting request holds no platform thread.
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
     * @return the lowest position reached by the given projectors (for {@code X-Registry-Position})
     * @throws QueryException 503 {@code read_model_behind} when the wait timed out
     */
    public long await(Collection<Projector> projectors, long minPosition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Projector behind = null;
            long reached = Long.MAX_VALUE;
            for (Projector projector : projectors) {
                long position = progress.reached(projector);
                if (position < reached) {
                    reached = position;
                    behind = projector;
                }
            }
            if (reached == Long.MAX_VALUE) {
                return 0;
            }
            if (reached >= minPosition) {
                return reached;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw behind(behind, reached, minPosition);
            }
            try {
                Thread.sleep(pollInterval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw behind(behind, reached, minPosition);
            }
        }
    }

    private QueryException behind(Projector projector, long reached, long wanted) {
        return new QueryException(ProblemType.READ_MODEL_BEHIND, ConsistencyHeaders.MIN_POSITION_PARAMETER,
                "The " + projector.id() + " read model has reached position " + reached + ", not yet " + wanted
                        + "; retry later",
                Map.of("read_model", projector.id(), "reached_position", reached, "min_position", wanted),
                Duration.ofSeconds(1));
    }
}
