package dev.modelregistry.query.consistency;

import static dev.modelregistry.readmodel.jooq.Tables.PROJECTION_PROGRESS;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.min;

import dev.modelregistry.query.support.ReadModelDatabase;
import org.jooq.Record2;
import org.springframework.stereotype.Component;

/** Reads how far a projector has got, from {@code read_model.projection_progress}. */
@Component("queryProjectionProgress")
class ProjectionProgress {

    private final ReadModelDatabase database;

    ProjectionProgress(ReadModelDatabase database) {
        this.database = database;
    }

    /**
     * The highest position P the projector has reached (0 when it has reached nothing). By the rule
     * of docs/architecture.md, P is reached when every partition row has position >= P or is caught
     * up, and at least one row has position >= P; so the answer is
     * {@code min(max(position), min(position of rows not caught up))}.
     */
    long reached(Projector projector) {
        Record2<Long, Long> row = database.dsl()
                .select(max(PROJECTION_PROGRESS.POSITION),
                        min(PROJECTION_PROGRESS.POSITION).filterWhere(PROJECTION_PROGRESS.CAUGHT_UP.isFalse()))
                .from(PROJECTION_PROGRESS)
                .where(PROJECTION_PROGRESS.PROJECTOR.eq(projector.id()))
                .fetchOne();
        return row == null ? 0 : reached(row.value1(), row.value2());
    }

    static long reached(Long highest, Long lowestNotCaughtUp) {
        if (highest == null) {
            return 0;
        }
        return lowestNotCaughtUp == null ? highest : Math.min(highest, lowestNotCaughtUp);
    }
}
