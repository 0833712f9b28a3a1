package dev.modelregistry.projection.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Binary COPY against the real PostgreSQL: every row is also written with the text COPY
 * ({@link CopyRows}) into a twin table, and both must hold the same values to the last bit (compared as
 * PostgreSQL prints them, so -0, NaN and the microseconds count).
 */
class BinaryCopyRowsTest {

    @RegisterExtension
    static final ReadModelFixture readModel = new ReadModelFixture();

    private static final String COLUMNS = "(id int primary key, name text, n bigint, i int, value double precision, "
            + "at timestamptz, steps bigint[], ordinals int[], vals double precision[], ats timestamptz[], texts text[])";
    private static final Table<Record> BINARY = DSL.table(DSL.name("read_model", "copy_binary_probe"));
    private static final Table<Record> TEXT = DSL.table(DSL.name("read_model", "copy_text_probe"));
    private static final Field<Integer> ID = DSL.field(DSL.name("id"), SQLDataType.INTEGER);
    private static final Field<String> NAME = DSL.field(DSL.name("name"), SQLDataType.CLOB);
    private static final Field<Long> N = DSL.field(DSL.name("n"), SQLDataType.BIGINT);
    private static final Field<Integer> I = DSL.field(DSL.name("i"), SQLDataType.INTEGER);
    private static final Field<Double> VALUE = DSL.field(DSL.name("value"), SQLDataType.DOUBLE);
    private static final Field<OffsetDateTime> AT = DSL.field(DSL.name("at"), SQLDataType.TIMESTAMPWITHTIMEZONE);
    private static final Field<Long[]> STEPS = DSL.field(DSL.name("steps"), SQLDataType.BIGINT.array());
    private static final Field<Integer[]> ORDINALS = DSL.field(DSL.name("ordinals"), SQLDataType.INTEGER.array());
    private static final Field<Double[]> VALS = DSL.field(DSL.name("vals"), SQLDataType.DOUBLE.array());
    private static final Field<OffsetDateTime[]> ATS = DSL.field(DSL.name("ats"),
            SQLDataType.TIMESTAMPWITHTIMEZONE.array());
    private static final Field<String[]> TEXTS = DSL.field(DSL.name("texts"), SQLDataType.CLOB.array());
    private static final List<Field<?>> ALL = List.of(ID, NAME, N, I, VALUE, AT, STEPS, ORDINALS, VALS, ATS, TEXTS);

    @BeforeEach
    void probeTables() {
        dropProbeTables();
        readModel.dsl().execute("create table read_model.copy_binary_probe " + COLUMNS);
        readModel.dsl().execute("create table read_model.copy_text_probe " + COLUMNS);
    }

    @AfterEach
    void dropProbeTables() {
        readModel.dsl().execute("drop table if exists read_model.copy_binary_probe, read_model.copy_text_probe");
    }

    private static void write(Table<Record> table, List<List<?>> rows) {
        readModel.database().inTransaction(ctx -> {
            if (table == BINARY) {
                BinaryCopyRows.append(ctx, table, ALL, rows, row -> row);
            } else {
                CopyRows.append(ctx, table, ALL, rows, row -> row);
            }
            return null;
        });
    }

    /** Each table's rows as PostgreSQL prints them, by id. */
    private static List<String> printed(Table<Record> table) {
        return readModel.dsl().fetch("select t::text from " + readModel.dsl().render(table) + " t order by id")
                .getValues(0, String.class);
    }

    private static void assertSameAsText(List<List<?>> rows) {
        write(BINARY, rows);
        write(TEXT, rows);
        assertThat(printed(BINARY)).hasSize(rows.size()).containsExactlyElementsOf(printed(TEXT));
    }

    @Test
    void specialNumbersNullsEmptyAndLongArraysArriveAsTheTextCopyStoresThem() {
        OffsetDateTime at = OffsetDateTime.of(2026, 11, 24, 10, 15, 30, 123_456_000, ZoneOffset.ofHours(2));
        String hostile = "tab\there\nnew line\r\\back slash \\N, \"quoted\" {braced} ünï😀 NULL";
        long[] longSteps = new long[100_000]; // one row spanning several chunks
        double[] longValues = new double[100_000];
        Instant[] longTimes = new Instant[100_000];
        for (int k = 0; k < longSteps.length; k++) {
            longSteps[k] = k * 7L - 3;
            longValues[k] = k % 3 == 0 ? Double.NaN : 1.0 / (k + 1);
            longTimes[k] = at.toInstant().plusMillis(k);
        }
        List<List<?>> rows = new ArrayList<>();
        rows.add(Arrays.asList(1, hostile, Long.MIN_VALUE, Integer.MAX_VALUE, Double.NaN, at,
                new long[] {3, -1, Long.MAX_VALUE}, new int[] {0, Integer.MIN_VALUE},
                new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1 + 0.2, -0.0, 1e-300,
                        Double.MIN_VALUE, Double.MAX_VALUE},
                new OffsetDateTime[] {at, at.plusNanos(1_000)}, new String[] {hostile, "", "NULL"}));
        rows.add(Arrays.asList(2, null, null, null, null, null, null, null, null, null, null));
        rows.add(Arrays.asList(3, "", 0L, 0, -0.0, at.toInstant(), new long[0], new int[0], new double[0],
                new Instant[0], new String[0]));
        rows.add(Arrays.asList(4, "x".repeat(200_000), 42L, -1, Double.POSITIVE_INFINITY, at,
                List.of(7L), Arrays.asList(1, null), Arrays.asList(Double.NEGATIVE_INFINITY, null),
                Arrays.asList(at.toInstant(), null), Arrays.asList((String) null)));
        rows.add(Arrays.asList(5, "long", 1L, 1, 1.0, at, longSteps, new int[] {1}, longValues, longTimes,
                List.of("a")));
        assertSameAsText(rows);
    }

    @Test
    void timestampsAreStoredToTheSameMicrosecondAsTheirTextIncludingRoundedNanosecondsAndTheYearLimits() {
        Random random = new Random(20261124);
        List<List<?>> rows = new ArrayList<>();
        List<Instant> edges = List.of(Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999Z"),
                Instant.parse("1999-12-31T23:59:59.9999995Z"), Instant.parse("2000-01-01T00:00:00.0000005Z"),
                Instant.parse("2026-11-24T10:00:00.0000015Z"), Instant.parse("2026-11-24T10:00:00.0000025Z"),
                Instant.parse("2026-11-24T10:00:00.999999999Z"), Instant.parse("1969-12-31T23:59:59.123456789Z"));
        for (int k = 0; k < 3_000; k++) {
            Instant instant = k < edges.size() ? edges.get(k) : Instant.ofEpochSecond(
                    random.nextLong(-62_135_596_800L, 253_402_300_799L), switch (k % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1_000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    });
            rows.add(Arrays.asList(k, null, null, null, null,
                    OffsetDateTime.ofInstant(instant, ZoneOffset.ofTotalSeconds((random.nextInt(37) - 18) * 3_600)),
                    null, null, null, new Instant[] {instant, instant.plusNanos(500)}, null));
        }
        assertSameAsText(rows);
    }

    @Test
    void aTimestampBeyondTheYearsTheTextFormTakesIsRefusedAsADataErrorAsTheTextCopyRefusesIt() {
        for (Instant outside : List.of(Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("0000-12-31T23:59:59Z"))) {
            List<List<?>> rows = List.of(Arrays.asList(1, null, null, null, null, outside.atOffset(ZoneOffset.UTC),
                    null, null, null, null, null));
            assertThatThrownBy(() -> write(TEXT, rows)).isInstanceOf(DataAccessException.class)
                    .satisfies(e -> assertThat(((DataAccessException) e).sqlState()).startsWith("22"));
            assertThatThrownBy(() -> write(BINARY, rows)).isInstanceOf(DataAccessException.class)
                    .satisfies(e -> assertThat(((DataAccessException) e).sqlState()).startsWith("22"));
        }
        assertThat(readModel.dsl().fetchCount(BINARY)).isZero();
    }

    @Test
    void aRefusedRowFailsTheStatementAsADataErrorAndWritesNothing() {
        List<List<?>> duplicate = List.of(Arrays.asList(1, "a", 1L, 1, 1.0, null, null, null, null, null, null),
                Arrays.asList(1, "b", 2L, 2, 2.0, null, null, null, null, null, null));
        assertThatThrownBy(() -> write(BINARY, duplicate)).isInstanceOf(DataAccessException.class)
                .satisfies(e -> assertThat(((DataAccessException) e).sqlState()).isEqualTo("23505"));
        List<List<?>> nul = List.of(Arrays.asList(1, "nul \u0000 inside", 1L, 1, 1.0, null, null, null, null, null,
                null));
        assertThatThrownBy(() -> write(BINARY, nul)).isInstanceOf(DataAccessException.class)
                .satisfies(e -> assertThat(((DataAccessException) e).sqlState()).startsWith("22"));
        assertThat(readModel.dsl().fetchCount(BINARY)).isZero();
    }

    @Test
    void theStoredMicrosecondsRoundAFinerFractionAsPostgresqlParsesIt() {
        Random random = new Random(5);
        List<Integer> edges = List.of(999_999_999, 999_999_499, 999_999_500, 999_999_501, 500, 1_500, 2_500,
                123_456_500, 123_457_500, 999_998_500, 499, 501);
        for (int k = 0; k < 1_000; k++) {
            int nanos = k < edges.size() ? edges.get(k) : k % 5 == 0 ? random.nextInt(1_000_000) * 1_000 + 500
                    : random.nextInt(1_000_000_000);
            Instant instant = Instant.ofEpochSecond(1_700_000_000L, nanos);
            long stored = readModel.dsl().fetchValue("select (extract(epoch from {0}::timestamptz) * 1000000)::bigint",
                    instant.toString()) instanceof Number n ? n.longValue() : -1;
            assertThat(stored).as(instant.toString())
                    .isEqualTo(instant.getEpochSecond() * 1_000_000 + BinaryCopyRows.storedMicros(nanos));
        }
    }
}
