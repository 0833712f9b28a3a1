package dev.modelregistry.query.consistency;

import dev.modelregistry.query.QueryProperties;
import dev.modelregistry.query.support.ReadModelDatabase;
import dev.modelregistry.readmodel.ReadModelPositions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Asks the read model how far a projector has got, by the rule shared with the projections
 * ({@link ReadModelPositions}: the event at exactly the position asked for must have been processed;
 * see docs/architecture.md, Consistency model). One statement of index lookups per call, rendered once per projector.
 */
@Component("queryProjectionProgress")
class ProjectionProgress {

    private final ReadModelDatabase database;
    private final Duration gapTimeout;
    private final Map<Projector, ReadModelPositions.Check> checks = new ConcurrentHashMap<>();

    ProjectionProgress(ReadModelDatabase database, QueryProperties properties) {
        this.database = database;
        this.gapTimeout = properties.positionGapTimeout();
    }

    /**
     * Whether {@code projector} has reached {@code position} (always, for a position <= 0) and the
     * highest position it has applied (0 before any progress).
     */
    ReadModelPositions.Reach check(Projector projector, long position) {
        return checks.computeIfAbsent(projector, p -> ReadModelPositions.prepare(database.dsl(), p.id(), gapTimeout))
                .check(position);
    }
}
