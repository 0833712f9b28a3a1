package dev.modelregistry.readmodel;

import static dev.modelregistry.readmodel.jooq.Tables.AUDIT_LOG;
import static dev.modelregistry.readmodel.jooq.Tables.PROJECTION_FAILURE;
import static dev.modelregistry.readmodel.jooq.Tables.PROJECTION_PROGRESS;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.Select;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * THE rule for "a read model has reached position P", shared by the projections (their
 * {@code ProjectionProgress}) and the query side (read-your-writes, {@code min_position}); see
 * docs/architecture.md, Consistency model.
 *
 * <p>Positions are the global index of the event store, allocated when a transaction inserts its
 * events; transactions commit out of order, and the publisher sends events in the order they became
 * visible. So a projector may apply P+40 before P, and "applied something at or after P" proves
 * nothing. The rule looks at the event at position P itself:
 * <ul>
 * <li>{@value #POSTGRES}: a row with position P in {@code audit_log} (written in the same transaction
 *     as the event's effects) or in {@code projection_failure} with projector {@value #POSTGRES}
 *     (processed, parked). Each partition is applied in order, so whatever was published before P
 *     on its partition is applied too.</li>
 * <li>{@value #SEARCH}: the Kafka record of P (partition, offset), as recorded in {@code audit_log} or
 *     {@code projection_failure}, is covered by the search projector's progress on that partition
 *     ({@code projection_progress.kafka_offset >= offset}; the search projector records every record
 *     it consumed, including those that change no document). An audit row written before migration
 *     V3 has no Kafka position: for it the search projector counts once it has applied some position
 *     >= P (the former approximation).</li>
 * <li>Gap fallback, for a P that is no event (typed by hand, or the position of a rolled-back
 *     transaction): P also counts as reached when the first event after P that the PostgreSQL
 *     projector applied occurred more than the gap timeout ago (and, for search, is covered by the
 *     search progress). By then the publisher (an Axon tracking processor with a gap-aware token,
 *     gap timeout 60 s by default) has stopped waiting for P, so an event at P would have been
 *     published long since. Time is the database's {@code current_timestamp} against the event's
 *     {@code occurred_at}.</li>
 * </ul>
 * Every check is one statement of index lookups ({@code audit_log} primary key,
 * {@code projection_failure_position}, {@code projection_progress} primary key). Callers that check
 * often (read-your-writes polls every few milliseconds) keep a {@link Check}: the statement is rendered
 * once and run as plain JDBC.
 */
public final class ReadModelPositions {

    /** The projector names of {@code projection_progress} and {@code projection_failure}. */
    public static final String POSTGRES = "postgres";
    public static final String SEARCH = "search";

    /** Axon's default gap timeout (the {@code registry.query.position-gap-timeout} default). */
    public static final Duration DEFAULT_GAP_TIMEOUT = Duration.ofSeconds(60);

    /**
     * @param reached whether the projector has reached the position asked for
     * @param highest the highest position the projector has applied in any partition (0 when none):
     *                what the read model reflects, for {@code X-Registry-Position}
     */
    public record Reach(boolean reached, long highest) {
    }

    private ReadModelPositions() {
    }

    /** {@link #check} with the {@link #DEFAULT_GAP_TIMEOUT}; only whether it was reached. */
    public static boolean hasReached(DSLContext ctx, String projector, long position) {
        return check(ctx, projector, position, DEFAULT_GAP_TIMEOUT).reached();
    }

    public static boolean hasReached(DSLContext ctx, String projector, long position, Duration gapTimeout) {
        return check(ctx, projector, position, gapTimeout).reached();
    }

    /**
     * Whether {@code projector} ({@value #POSTGRES} or {@value #SEARCH}) has reached {@code position},
     * and the highest position it has applied; one statement. A position <= 0 is always reached.
     *
     * @param ctx a context on the read-model schema (a mapped schema works: the generated tables are used)
     */
    public static Reach check(DSLContext ctx, String projector, long position, Duration gapTimeout) {
        return prepare(ctx, projector, gapTimeout).check(position);
    }

    /** {@link #check} for one projector, with its statement rendered once. */
    public static Check prepare(DSLContext ctx, String projector, Duration gapTimeout) {
        return new Check(ctx, projector, gapTimeout);
    }

    /**
     * The statement of {@link #check} rendered once by {@code ctx} (its schema mapping and settings),
     * run as plain JDBC on the context's connections: building and rendering the query was most of the
     * cost of a poll. Thread-safe.
     */
    public static final class Check {

        /** Stands for the position asked for while rendering; replaced by it in the bind values. */
        private static final long PLACEHOLDER = 7_340_032_000_000_000_001L;

        private final DSLContext ctx;
        private final String sql;
        private final List<Object> binds;
        private final String zeroSql;
        private final List<Object> zeroBinds;

        private Check(DSLContext ctx, String projector, Duration gapTimeout) {
            this.ctx = Objects.requireNonNull(ctx, "ctx");
            Select<?> statement = statement(projector, PLACEHOLDER, gapTimeout);
            this.sql = ctx.render(statement);
            this.binds = List.copyOf(ctx.extractBindValues(statement));
            Select<?> zero = statement(projector, 0, gapTimeout);
            this.zeroSql = ctx.render(zero);
            this.zeroBinds = List.copyOf(ctx.extractBindValues(zero));
        }

        /** As {@link ReadModelPositions#check}. */
        public Reach check(long position) {
            boolean some = position > 0;
            String text = some ? sql : zeroSql;
            List<Object> values = some ? binds : zeroBinds;
            return ctx.connectionResult(connection -> {
                try (PreparedStatement query = connection.prepareStatement(text)) {
                    for (int i = 0; i < values.size(); i++) {
                        Object value = values.get(i);
                        query.setObject(i + 1, value instanceof Long l && l == PLACEHOLDER ? (Object) position : value);
                    }
                    try (ResultSet row = query.executeQuery()) {
                        if (!row.next()) {
                            return new Reach(false, 0);
                        }
                        return new Reach(row.getBoolean(1), row.getLong(2));
                    }
                }
            });
        }
    }

    /** {@code select <reached>, <highest>}: the statement {@link #check} runs. */
    static Select<Record2<Boolean, Long>> statement(String projector, long position, Duration gapTimeout) {
        Objects.requireNonNull(projector, "projector");
        Objects.requireNonNull(gapTimeout, "gapTimeout");
        Field<Long> highest = highest(projector);
        if (position <= 0) {
            return DSL.select(DSL.inline(true), highest);
        }
        Condition reached = switch (projector) {
            case POSTGRES -> postgresReached(position, gapTimeout);
            case SEARCH -> searchReached(position, gapTimeout, highest);
            default -> throw new IllegalArgumentException("unknown projector " + projector);
        };
        return DSL.select(DSL.field(reached), highest);
    }

    /** The highest position {@code projector} has applied in any partition; 0 when none yet. */
    public static long highestApplied(DSLContext ctx, String projector) {
        Long value = ctx.select(highest(projector)).fetchOne(0, Long.class);
        return value == null ? 0 : value;
    }

    // ------------------------------------------------------------------ the rule, as SQL

    private static Field<Long> highest(String projector) {
        var pp = PROJECTION_PROGRESS;
        return DSL.field(DSL.select(DSL.max(pp.POSITION)).from(pp).where(pp.PROJECTOR.eq(projector)));
    }

    private static Condition postgresReached(long position, Duration gapTimeout) {
        var a = AUDIT_LOG;
        var f = PROJECTION_FAILURE;
        Table<?> next = nextEvent(position);
        return DSL.exists(DSL.selectOne().from(a).where(a.POSITION.eq(position)))
                .or(DSL.exists(DSL.selectOne().from(f).where(f.POSITION.eq(position), f.PROJECTOR.eq(POSTGRES))))
                .or(DSL.exists(DSL.selectOne().from(next)
                        .where(olderThan(next.field(a.OCCURRED_AT), gapTimeout))));
    }

    private static Condition searchReached(long position, Duration gapTimeout, Field<Long> highest) {
        var a = AUDIT_LOG;
        var f = PROJECTION_FAILURE;
        Table<?> next = nextEvent(position);
        Field<Long> nextPosition = next.field(a.POSITION);
        Field<Integer> nextPartition = next.field(a.KAFKA_PARTITION);
        Field<Long> nextOffset = next.field(a.KAFKA_OFFSET);
        Condition known = DSL.exists(DSL.selectOne().from(a).where(a.POSITION.eq(position)))
                .or(DSL.exists(DSL.selectOne().from(f).where(f.POSITION.eq(position))));
        // the record of P, applied or parked by the PostgreSQL projector (or parked by search itself)
        Condition exact = DSL.exists(DSL.selectOne().from(a)
                        .where(a.POSITION.eq(position), searchCovers(a.KAFKA_PARTITION, a.KAFKA_OFFSET)))
                .or(DSL.exists(DSL.selectOne().from(f)
                        .where(f.POSITION.eq(position), searchCovers(f.KAFKA_PARTITION, f.KAFKA_OFFSET))));
        // an audit row from before V3, without Kafka position
        Condition legacy = DSL.exists(DSL.selectOne().from(a).where(a.POSITION.eq(position), a.KAFKA_OFFSET.isNull()))
                .and(highest.ge(position));
        // P is unknown, and the first event after it is old and processed by search
        Condition nextCovered = searchCovers(nextPartition, nextOffset)
                .or(nextOffset.isNull().and(highest.ge(nextPosition)));
        Condition gap = DSL.not(known).and(DSL.exists(DSL.selectOne().from(next)
                .where(olderThan(next.field(a.OCCURRED_AT), gapTimeout), nextCovered)));
        return exact.or(legacy).or(gap);
    }

    /** The first event after {@code position} in {@code audit_log} (primary key range scan, one row). */
    private static Table<?> nextEvent(long position) {
        var a = AUDIT_LOG;
        return DSL.select(a.POSITION, a.KAFKA_PARTITION, a.KAFKA_OFFSET, a.OCCURRED_AT)
                .from(a)
                .where(a.POSITION.gt(position))
                .orderBy(a.POSITION)
                .limit(1)
                .asTable("next_event");
    }

    /** The search projector's progress on {@code partition} has consumed {@code offset}. */
    private static Condition searchCovers(Field<Integer> partition, Field<Long> offset) {
        var pp = PROJECTION_PROGRESS;
        return DSL.exists(DSL.selectOne().from(pp).where(pp.PROJECTOR.eq(SEARCH),
                pp.KAFKA_PARTITION.eq(partition), pp.KAFKA_OFFSET.ge(offset)));
    }

    private static Condition olderThan(Field<OffsetDateTime> time, Duration age) {
        return DSL.condition("{0} < current_timestamp - make_interval(secs => {1})", time,
                DSL.val(age.toMillis() / 1000.0));
    }
}
