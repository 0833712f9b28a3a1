package dev.modelregistry.readmodel;

import static dev.modelregistry.readmodel.ReadModelPositions.POSTGRES;
import static dev.modelregistry.readmodel.ReadModelPositions.SEARCH;
import static dev.modelregistry.readmodel.jooq.Tables.AUDIT_LOG;
import static dev.modelregistry.readmodel.jooq.Tables.PROJECTION_FAILURE;
import static dev.modelregistry.readmodel.jooq.Tables.PROJECTION_PROGRESS;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The read-your-writes rule (docs/architecture.md, Consistency model) against a real PostgreSQL with
 * the read-model migrations: exact positions, parked records, the search offset on P's partition,
 * the gap fallback, rows from before V3.
 */
class ReadModelPositionsTest {

    private static final Duration GAP = Duration.ofSeconds(60);

    @RegisterExtension
    static final EmbeddedDatabase database = new EmbeddedDatabase();

    private static DSLContext ctx;

    @BeforeAll
    static void migrate() {
        ReadModelSchema.migrate(database.dataSource(), ReadModelSchema.LIVE);
        ctx = database.ctx();
    }

    @BeforeEach
    void empty() {
        ctx.truncate(AUDIT_LOG).execute();
        ctx.truncate(PROJECTION_FAILURE).execute();
        ctx.truncate(PROJECTION_PROGRESS).execute();
    }

    // ------------------------------------------------------------------ PostgreSQL read model

    @Test
    void postgresHasReachedPOnceTheEventAtPIsApplied() {
        assertThat(reached(POSTGRES, 10)).isFalse();
        applied(10, 0, 4, recent());
        assertThat(reached(POSTGRES, 10)).isTrue();
        assertThat(reached(POSTGRES, 0)).isTrue();
    }

    @Test
    void aHigherPositionAppliedBeforePDoesNotReachP() {
        // published out of order: 12 and 15 became visible (and were applied) before 10
        applied(12, 0, 4, recent());
        applied(15, 1, 9, recent());
        progress(POSTGRES, 0, 4, 12);
        progress(POSTGRES, 1, 9, 15);
        ReadModelPositions.Reach reach = ReadModelPositions.check(ctx, POSTGRES, 10, GAP);
        assertThat(reach.reached()).isFalse();
        assertThat(reach.highest()).isEqualTo(15);

        applied(10, 0, 5, recent());
        assertThat(reached(POSTGRES, 10)).isTrue();
        assertThat(reached(POSTGRES, 11)).as("11 is no event yet, and 12 is recent").isFalse();
    }

    @Test
    void aParkedEventCountsForThePostgresProjectorOnly() {
        parked(POSTGRES, 20, 1, 3);
        assertThat(reached(POSTGRES, 20)).isTrue();

        parked(SEARCH, 21, 1, 4);
        assertThat(reached(POSTGRES, 21)).as("parked by search, not yet seen by postgres").isFalse();
    }

    @Test
    void positionThatIsNoEventIsReachedWhenTheNextEventIsOlderThanTheGapTimeout() {
        applied(30, 0, 1, recent());
        assertThat(reached(POSTGRES, 29)).as("the next event is recent: 29 may still be published").isFalse();
        assertThat(ReadModelPositions.hasReached(ctx, POSTGRES, 29, Duration.ofMillis(1)))
                .as("with a shorter gap timeout").isTrue();

        ctx.truncate(AUDIT_LOG).execute();
        applied(30, 0, 1, OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(2));
        assertThat(reached(POSTGRES, 29)).isTrue();
        assertThat(reached(POSTGRES, 31)).as("nothing after 31 yet").isFalse();
    }

    // ------------------------------------------------------------------ search

    @Test
    void searchHasReachedPWhenItsOffsetOnPsPartitionCoversPsRecord() {
        applied(40, 1, 7, recent());
        assertThat(reached(SEARCH, 40)).as("no search progress").isFalse();
        progress(SEARCH, 0, 100, 999);
        assertThat(reached(SEARCH, 40)).as("far ahead, but on another partition").isFalse();
        progress(SEARCH, 1, 6, 45);
        assertThat(reached(SEARCH, 40)).as("a higher position, an earlier offset of P's partition").isFalse();
        progress(SEARCH, 1, 7, 45);
        assertThat(reached(SEARCH, 40)).isTrue();
        assertThat(ReadModelPositions.check(ctx, SEARCH, 40, GAP).highest()).isEqualTo(999);
    }

    @Test
    void searchNeedsPKnownToTheReadModel() {
        progress(SEARCH, 0, 50, 60);
        assertThat(reached(SEARCH, 41)).as("41 not applied by the PostgreSQL projector").isFalse();
    }

    @Test
    void searchCountsParkedRecordsWithTheirOffset() {
        parked(POSTGRES, 50, 0, 3);
        progress(SEARCH, 0, 2, 49);
        assertThat(reached(SEARCH, 50)).isFalse();
        progress(SEARCH, 0, 3, 50);
        assertThat(reached(SEARCH, 50)).isTrue();

        parked(SEARCH, 51, 1, 8);
        progress(SEARCH, 1, 8, 51);
        assertThat(reached(SEARCH, 51)).as("parked by search itself").isTrue();
    }

    @Test
    void searchGapFallbackNeedsTheNextEventCovered() {
        OffsetDateTime old = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5);
        applied(62, 1, 20, old);
        assertThat(reached(SEARCH, 61)).as("the next event is not yet in search").isFalse();
        progress(SEARCH, 1, 20, 62);
        assertThat(reached(SEARCH, 61)).isTrue();
    }

    @Test
    void auditRowsWithoutKafkaPositionFallBackToTheHighestSearchPosition() {
        applied(70, null, null, recent());
        progress(SEARCH, 0, 5, 69);
        assertThat(reached(SEARCH, 70)).isFalse();
        progress(SEARCH, 0, 6, 70);
        assertThat(reached(SEARCH, 70)).isTrue();
    }

    @Test
    void highestIsZeroBeforeAnyProgress() {
        assertThat(ReadModelPositions.check(ctx, SEARCH, 0, GAP)).isEqualTo(new ReadModelPositions.Reach(true, 0));
        assertThat(ReadModelPositions.highestApplied(ctx, POSTGRES)).isZero();
        progress(POSTGRES, 0, 1, 5);
        assertThat(ReadModelPositions.highestApplied(ctx, POSTGRES)).isEqualTo(5);
    }

    @Test
    void everyCheckIsIndexLookupsOnly() throws Exception {
        ctx.execute("insert into read_model.audit_log (position, event_id, event_type, schema_version, subject, model, actor, "
                + "occurred_at, payload, kafka_partition, kafka_offset) select 2 * i, gen_random_uuid(), 't', 1, 'm', 'm', "
                + "'a', now(), '{}', i % 2, i from generate_series(1, 2000) i");
        parked(POSTGRES, 5, 0, 10_000);
        ctx.execute("analyze read_model.audit_log");
        ctx.execute("analyze read_model.projection_failure");
        ctx.execute("analyze read_model.projection_progress");
        try (Connection connection = database.dataSource().getConnection()) {
            DSLContext one = DSL.using(connection, SQLDialect.POSTGRES);
            // tiny tables: forbid sequential scans, so that a missing index shows as "Seq Scan" anyway
            one.execute("set enable_seqscan = off");
            for (String projector : List.of(POSTGRES, SEARCH)) {
                String plan = String.join("\n", one.fetch("explain " + one.renderInlined(
                        ReadModelPositions.statement(projector, 1_001, GAP))).getValues(0, String.class));
                assertThat(plan).as(projector).doesNotContain("Seq Scan")
                        .contains("audit_log_pkey", "projection_failure_position");
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static boolean reached(String projector, long position) {
        return ReadModelPositions.hasReached(ctx, projector, position, GAP);
    }

    private static OffsetDateTime recent() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static void applied(long position, Integer partition, Long offset, OffsetDateTime occurredAt) {
        var a = AUDIT_LOG;
        ctx.insertInto(a)
                .set(a.POSITION, position)
                .set(a.EVENT_ID, UUID.randomUUID())
                .set(a.EVENT_TYPE, "dev.modelregistry.model.updated")
                .set(a.SCHEMA_VERSION, 1)
                .set(a.SUBJECT, "m")
                .set(a.MODEL, "m")
                .set(a.ACTOR, "alice")
                .set(a.OCCURRED_AT, occurredAt)
                .set(a.PAYLOAD, JSONB.valueOf("{}"))
                .set(a.KAFKA_PARTITION, partition)
                .set(a.KAFKA_OFFSET, offset)
                .execute();
    }

    private static void applied(long position, int partition, long offset, OffsetDateTime occurredAt) {
        applied(position, Integer.valueOf(partition), Long.valueOf(offset), occurredAt);
    }

    private static void parked(String projector, long position, int partition, long offset) {
        var f = PROJECTION_FAILURE;
        ctx.insertInto(f)
                .set(f.PROJECTOR, projector)
                .set(f.KAFKA_PARTITION, partition)
                .set(f.KAFKA_OFFSET, offset)
                .set(f.POSITION, position)
                .set(f.ERROR, "unknown event type")
                .set(f.HEADERS, JSONB.valueOf("{}"))
                .set(f.FAILED_AT, recent())
                .execute();
    }

    private static void progress(String projector, int partition, long offset, long position) {
        var pp = PROJECTION_PROGRESS;
        ctx.insertInto(pp)
                .set(pp.PROJECTOR, projector)
                .set(pp.KAFKA_PARTITION, partition)
                .set(pp.KAFKA_OFFSET, offset)
                .set(pp.POSITION, position)
                .set(pp.UPDATED_AT, recent())
                .onConflict(pp.PROJECTOR, pp.KAFKA_PARTITION)
                .doUpdate()
                .set(pp.KAFKA_OFFSET, offset)
                .set(pp.POSITION, position)
                .execute();
    }
}
