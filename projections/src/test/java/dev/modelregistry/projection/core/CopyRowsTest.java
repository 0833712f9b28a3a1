package dev.modelregistry.projection.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CopyRowsTest {

    @RegisterExtension
    static final ReadModelFixture readModel = new ReadModelFixture();

    private static final Table<Record> TABLE = DSL.table(DSL.name("read_model", "copy_rows_probe"));
    private static final Field<Integer> ID = DSL.field(DSL.name("id"), SQLDataType.INTEGER);
    private static final Field<String> TEXT = DSL.field(DSL.name("text"), SQLDataType.CLOB);
    private static final Field<Double> VALUE = DSL.field(DSL.name("value"), SQLDataType.DOUBLE);
    private static final Field<OffsetDateTime> AT = DSL.field(DSL.name("at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<JSONB> DOC = DSL.field(DSL.name("doc"), SQLDataType.JSONB);

    private void probeTable() {
        readModel.dsl().execute("drop table if exists read_model.copy_rows_probe");
        readModel.dsl().execute("create table read_model.copy_rows_probe (id int primary key, text text, "
                + "value double precision, at timestamptz, doc jsonb)");
    }

    @AfterEach
    void dropProbeTable() {
        readModel.dsl().execute("drop table if exists read_model.copy_rows_probe");
    }

    @Test
    void rowsArriveExactlyAsGivenWhateverCharactersAndSpecialValuesTheyHold() {
        probeTable();
        String hostile = "tab\there\nnew line\r\\back slash \\N not null, \"quoted\" ünï😀";
        OffsetDateTime at = OffsetDateTime.of(2026, 11, 24, 10, 15, 30, 123_456_000, ZoneOffset.ofHours(2));
        List<List<?>> rows = new ArrayList<>();
        rows.add(Arrays.asList(1, hostile, Double.NaN, at, JSONB.valueOf("{\"k\": \"a\\\\b\\\"c\\n\"}")));
        rows.add(Arrays.asList(2, null, Double.POSITIVE_INFINITY, null, null));
        rows.add(Arrays.asList(3, "", Double.NEGATIVE_INFINITY, at, JSONB.valueOf("[1.5e-7, 0.1]")));
        rows.add(Arrays.asList(4, "x".repeat(200_000), 0.1 + 0.2, at, null)); // spans several chunks
        readModel.database().inTransaction(ctx -> {
            CopyRows.append(ctx, TABLE, List.of(ID, TEXT, VALUE, AT, DOC), rows, row -> row);
            return null;
        });

        var stored = readModel.dsl().select(ID, TEXT, VALUE, AT, DOC).from(TABLE).orderBy(ID).fetch();
        assertThat(stored.get(0).value2()).isEqualTo(hostile);
        assertThat(stored.get(0).value3()).isNaN();
        assertThat(stored.get(0).value4().toInstant()).isEqualTo(at.toInstant());
        assertThat(stored.get(0).value5().data()).isEqualTo("{\"k\": \"a\\\\b\\\"c\\n\"}");
        assertThat(stored.get(1).value2()).isNull();
        assertThat(stored.get(1).value3()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(stored.get(1).value4()).isNull();
        assertThat(stored.get(1).value5()).isNull();
        assertThat(stored.get(2).value2()).isEmpty();
        assertThat(stored.get(2).value3()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(stored.get(3).value2()).hasSize(200_000);
        assertThat(stored.get(3).value3()).isEqualTo(0.1 + 0.2);
    }

    @Test
    void arrayCellsArriveElementByElementWithSpecialValuesAndQuotingIntact() {
        readModel.dsl().execute("drop table if exists read_model.copy_rows_probe");
        readModel.dsl().execute("create table read_model.copy_rows_probe (id int primary key, steps bigint[], "
                + "ordinals int[], vals double precision[], ats timestamptz[], texts text[])");
        OffsetDateTime at = OffsetDateTime.of(2026, 11, 24, 10, 15, 30, 123_456_000, ZoneOffset.ofHours(2));
        OffsetDateTime later = at.plusSeconds(1);
        String hostile = "a \"quoted\", {braced} \\N back\\slash\ttab\nnew line NULL";
        List<List<?>> rows = new ArrayList<>();
        // primitive arrays (as TrackingRows writes them)
        rows.add(Arrays.asList(1, new long[] {3, -1, Long.MAX_VALUE}, new int[] {0, 2},
                new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1 + 0.2, -0.0, 1e-300},
                new OffsetDateTime[] {at, later}, new String[] {hostile, "", "NULL"}));
        // lists of boxed values, a null element, empty arrays
        rows.add(Arrays.asList(2, List.of(7L), Arrays.asList(1, null), List.of(Double.NaN, 2.5),
                Arrays.asList(later, null, at), List.of()));
        rows.add(Arrays.asList(3, new Long[] {}, new Integer[] {5}, new Double[] {Double.NEGATIVE_INFINITY}, List.of(),
                Arrays.asList((String) null)));
        Field<Long[]> steps = DSL.field(DSL.name("steps"), SQLDataType.BIGINT.array());
        Field<Integer[]> ordinals = DSL.field(DSL.name("ordinals"), SQLDataType.INTEGER.array());
        Field<Double[]> values = DSL.field(DSL.name("vals"), SQLDataType.DOUBLE.array());
        Field<OffsetDateTime[]> ats = DSL.field(DSL.name("ats"), SQLDataType.TIMESTAMPWITHTIMEZONE.array());
        Field<String[]> texts = DSL.field(DSL.name("texts"), SQLDataType.CLOB.array());
        readModel.database().inTransaction(ctx -> {
            CopyRows.append(ctx, TABLE, List.of(ID, steps, ordinals, values, ats, texts), rows, row -> row);
            return null;
        });

        var stored = readModel.dsl().select(ID, steps, ordinals, values, ats, texts).from(TABLE).orderBy(ID).fetch();
        assertThat(stored.get(0).value2()).containsExactly(3L, -1L, Long.MAX_VALUE);
        assertThat(stored.get(0).value3()).containsExactly(0, 2);
        assertThat(stored.get(0).value4()).containsExactly(Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, 0.1 + 0.2, -0.0, 1e-300);
        assertThat(stored.get(0).value5()).extracting(OffsetDateTime::toInstant)
                .containsExactly(at.toInstant(), later.toInstant());
        assertThat(stored.get(0).value6()).containsExactly(hostile, "", "NULL");
        assertThat(stored.get(1).value2()).containsExactly(7L);
        assertThat(stored.get(1).value3()).containsExactly(1, null);
        assertThat(stored.get(1).value4()).containsExactly(Double.NaN, 2.5);
        assertThat(stored.get(1).value5()).extracting(t -> t == null ? null : t.toInstant())
                .containsExactly(later.toInstant(), null, at.toInstant());
        assertThat(stored.get(1).value6()).isEmpty();
        assertThat(stored.get(2).value2()).isEmpty();
        assertThat(stored.get(2).value3()).containsExactly(5);
        assertThat(stored.get(2).value4()).containsExactly(Double.NEGATIVE_INFINITY);
        assertThat(stored.get(2).value5()).isEmpty();
        assertThat(stored.get(2).value6()).containsExactly((String) null);
    }

    @Test
    void aRefusedRowFailsTheTransactionAsADataErrorAndWritesNothing() {
        probeTable();
        List<List<?>> rows = List.of(Arrays.asList(1, "a", 1.0, null, null), Arrays.asList(1, "b", 2.0, null, null));
        assertThatThrownBy(() -> readModel.database().inTransaction(ctx -> {
            CopyRows.append(ctx, TABLE, List.of(ID, TEXT, VALUE, AT, DOC), rows, row -> row);
            return null;
        })).isInstanceOf(DataAccessException.class)
                .satisfies(e -> assertThat(((DataAccessException) e).sqlState()).isEqualTo("23505"));
        assertThat(readModel.dsl().fetchCount(TABLE)).isZero();
    }

    @Test
    void timestampsArriveAsTheSameInstantsToTheMicrosecondWhateverTheirOffsetOrYear() {
        probeTable();
        java.util.Random random = new java.util.Random(20261124);
        List<List<?>> rows = new ArrayList<>();
        List<java.time.Instant> expected = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            // years 1-9999; PostgreSQL keeps microseconds, so the instants are given in microseconds
            long seconds = random.nextLong(-62_135_596_800L, 253_402_300_800L);
            int micros = i % 3 == 0 ? 0 : random.nextInt(1_000_000);
            java.time.Instant instant = java.time.Instant.ofEpochSecond(seconds, micros * 1_000L);
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(37) - 18) * 3_600);
            rows.add(Arrays.asList(i, null, null, OffsetDateTime.ofInstant(instant, offset), null));
            expected.add(instant);
        }
        readModel.database().inTransaction(ctx -> {
            CopyRows.append(ctx, TABLE, List.of(ID, TEXT, VALUE, AT, DOC), rows, row -> row);
            return null;
        });

        assertThat(readModel.dsl().select(AT).from(TABLE).orderBy(ID).fetch(r -> r.value1().toInstant()))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void theHandWrittenTimestampIsIsoAndMeansTheSameInstant() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 100_000; i++) {
            java.time.Instant instant = java.time.Instant.ofEpochSecond(
                    random.nextLong(-62_135_596_800L, 253_402_300_800L), switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1_000) * 1_000_000; // milliseconds
                        case 2 -> random.nextInt(1_000_000) * 1_000; // microseconds
                        default -> random.nextInt(1_000_000_000);
                    });
            StringBuilder text = new StringBuilder();
            CopyRows.time(OffsetDateTime.ofInstant(instant, ZoneOffset.ofHours(i % 24 - 12)), text);
            assertThat(java.time.Instant.parse(text)).as(text.toString()).isEqualTo(instant);
        }
    }
}
