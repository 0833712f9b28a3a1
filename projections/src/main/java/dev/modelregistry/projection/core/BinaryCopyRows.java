package dev.modelregistry.projection.core;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.postgresql.copy.CopyIn;

/**
 * Appends rows with {@code COPY ... FROM STDIN (FORMAT binary)} on the transaction's connection: the
 * sibling of {@link CopyRows} for the rows a rebuild writes by the million (metric batches with their
 * arrays, a replay's params, tags and latest metrics). Numbers, timestamps and arrays go out in
 * PostgreSQL's own binary form, so neither side prints or parses a number ({@code Double.toString} and
 * {@code float8in} were most of the text COPY's cost). Same contract as {@link CopyRows}: only rows no
 * earlier write can conflict with; a refused row fails the statement as a data error (SQLSTATE class
 * 22 or 23); rows go out in chunks, so memory stays bounded.
 *
 * <p>The wire form of a cell is chosen by its column's jOOQ type, not by the value: text, bigint,
 * integer, double precision, timestamptz and one-dimensional arrays of the four scalar types. Values:
 * {@code String}; a {@code Number}; {@code OffsetDateTime} or {@code Instant}; an array as a primitive
 * array ({@code long[]}, {@code int[]}, {@code double[]}), an object array or a {@link List} (null
 * elements allowed). A timestamp is stored exactly as PostgreSQL stores the text {@link CopyRows}
 * writes for it: microseconds, a finer fraction rounded the way PostgreSQL's input rounds it; a year
 * outside 1-9999 is refused (SQLSTATE 22008) as PostgreSQL refuses that text.
 */
public final class BinaryCopyRows {

    private static final int CHUNK = 64 * 1024;
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0,
            0, 0, 0, 0, // flags
            0, 0, 0, 0}; // header extension length
    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch for timestamps, in Unix seconds. */
    private static final long POSTGRES_EPOCH = 946_684_800L;
    /** 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the years the text form takes. */
    private static final long FIRST_SECOND = -62_135_596_800L;
    private static final long END_SECOND = 253_402_300_800L;

    /** The wire forms of the supported column types. */
    private enum Kind {
        TEXT(25), INT8(20), INT4(23), FLOAT8(701), TIMESTAMPTZ(1184);

        final int oid;

        Kind(int oid) {
            this.oid = oid;
        }

        static Kind of(Class<?> type) {
            if (type == String.class) {
                return TEXT;
            } else if (type == Long.class) {
                return INT8;
            } else if (type == Integer.class) {
                return INT4;
            } else if (type == Double.class) {
                return FLOAT8;
            } else if (type == OffsetDateTime.class || type == Instant.class) {
                return TIMESTAMPTZ;
            }
            throw new IllegalArgumentException("binary COPY does not write columns of type " + type.getSimpleName());
        }
    }

    /** How one column is written: its scalar kind and whether it is an array of it. */
    private record Column(String name, Kind kind, boolean array) {

        static Column of(Field<?> field) {
            Class<?> type = field.getType();
            return type.isArray()
                    ? new Column(field.getName(), Kind.of(type.getComponentType()), true)
                    : new Column(field.getName(), Kind.of(type), false);
        }
    }

    private BinaryCopyRows() {
    }

    public static <T> void append(DSLContext ctx, Table<?> table, List<? extends Field<?>> columns, List<T> rows,
                                  Function<T, List<?>> values) {
        if (rows.isEmpty()) {
            return;
        }
        Column[] wire = columns.stream().map(Column::of).toArray(Column[]::new);
        CopyRows.copyIn(ctx, table, columns, " (format binary)", copy -> {
            Out out = new Out(copy);
            out.bytes(HEADER);
            for (T row : rows) {
                List<?> cells = values.apply(row);
                if (cells.size() != wire.length) {
                    throw new IllegalArgumentException("a row of " + cells.size() + " cells for " + wire.length
                            + " columns");
                }
                out.int16(wire.length);
                for (int c = 0; c < wire.length; c++) {
                    cell(wire[c], cells.get(c), out);
                }
                if (out.length >= CHUNK) {
                    out.flush();
                }
            }
            out.int16(-1); // trailer
            out.flush();
        });
    }

    private static void cell(Column column, Object value, Out out) throws SQLException {
        if (value == null) {
            out.int32(-1);
        } else if (column.array()) {
            array(column, value, out);
        } else {
            int lengthAt = out.reserve();
            scalar(column, value, out);
            out.lengthSince(lengthAt);
        }
    }

    private static void scalar(Column column, Object value, Out out) throws SQLException {
        switch (column.kind()) {
            case TEXT -> out.bytes(((String) value).getBytes(StandardCharsets.UTF_8));
            case INT8 -> out.int64(((Number) value).longValue());
            case INT4 -> out.int32(((Number) value).intValue());
            case FLOAT8 -> out.int64(Double.doubleToLongBits(((Number) value).doubleValue()));
            case TIMESTAMPTZ -> out.int64(micros(value instanceof OffsetDateTime t ? t.toInstant() : (Instant) value,
                    column));
        }
    }

    /**
     * A one-dimensional array: dimensions, a has-nulls flag, the element type, then the elements each
     * with its length (-1 for null). An empty array has no dimension, as PostgreSQL writes {@code {}}.
     */
    private static void array(Column column, Object value, Out out) throws SQLException {
        int lengthAt = out.reserve();
        switch (value) {
            case long[] a -> {
                header(column, a.length, false, out);
                for (long v : a) {
                    out.int32(8);
                    out.int64(v);
                }
            }
            case int[] a -> {
                header(column, a.length, false, out);
                for (int v : a) {
                    out.int32(4);
                    out.int32(v);
                }
            }
            case double[] a -> {
                header(column, a.length, false, out);
                for (double v : a) {
                    out.int32(8);
                    out.int64(Double.doubleToLongBits(v));
                }
            }
            case Object[] a -> elements(column, Arrays.asList(a), out);
            case List<?> list -> elements(column, list, out);
            default -> throw new IllegalArgumentException("column " + column.name() + " takes an array, not a "
                    + value.getClass().getSimpleName());
        }
        out.lengthSince(lengthAt);
    }

    private static void elements(Column column, List<?> elements, Out out) throws SQLException {
        boolean hasNulls = false;
        for (Object element : elements) {
            hasNulls |= element == null; // List.of(..).contains(null) would throw
        }
        header(column, elements.size(), hasNulls, out);
        for (Object element : elements) {
            if (element == null) {
                out.int32(-1);
            } else {
                int lengthAt = out.reserve();
                scalar(column, element, out);
                out.lengthSince(lengthAt);
            }
        }
    }

    private static void header(Column column, int length, boolean hasNulls, Out out) {
        out.int32(length == 0 ? 0 : 1);
        out.int32(hasNulls ? 1 : 0);
        out.int32(column.kind().oid);
        if (length > 0) {
            out.int32(length);
            out.int32(1); // lower bound
        }
    }

    /** Microseconds since 2000-01-01 UTC, as PostgreSQL stores the ISO text of the instant. */
    private static long micros(Instant instant, Column column) throws SQLException {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND || seconds >= END_SECOND) {
            throw new SQLException("timestamp out of range for column " + column.name() + ": " + instant, "22008");
        }
        return (seconds - POSTGRES_EPOCH) * 1_000_000 + storedMicros(instant.getNano());
    }

    /**
     * The microseconds PostgreSQL stores for a fraction of a second of {@code nanos} written out in full
     * (as {@link CopyRows} and jOOQ write it): a finer fraction is parsed as a double and rounded with
     * {@code rint} (datetime.c, ParseFractionalSecond), so it is done here the same way. May be
     * 1,000,000 (the next second).
     */
    public static long storedMicros(int nanos) {
        int rest = nanos % 1_000;
        if (rest != 500) {
            // at least a thousandth of a microsecond from the half: the double's error cannot change the rounding
            return nanos / 1_000 + (rest > 500 ? 1 : 0);
        }
        return (long) Math.rint(Double.parseDouble("0." + String.format("%09d", nanos)) * 1_000_000);
    }

    /** A growing big-endian buffer written to the COPY in chunks. */
    private static final class Out {

        private final CopyIn copy;
        private byte[] buffer = new byte[CHUNK + 1024];
        int length;

        Out(CopyIn copy) {
            this.copy = copy;
        }

        private void ensure(int more) {
            if (length + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
            }
        }

        void int16(int v) {
            ensure(2);
            buffer[length++] = (byte) (v >>> 8);
            buffer[length++] = (byte) v;
        }

        void int32(int v) {
            ensure(4);
            buffer[length++] = (byte) (v >>> 24);
            buffer[length++] = (byte) (v >>> 16);
            buffer[length++] = (byte) (v >>> 8);
            buffer[length++] = (byte) v;
        }

        void int64(long v) {
            int32((int) (v >>> 32));
            int32((int) v);
        }

        void bytes(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buffer, length, bytes.length);
            length += bytes.length;
        }

        /** Room for a length written later by {@link #lengthSince}: a cell's length precedes it. */
        int reserve() {
            int at = length;
            int32(0);
            return at;
        }

        void lengthSince(int at) {
            int v = length - at - 4;
            buffer[at] = (byte) (v >>> 24);
            buffer[at + 1] = (byte) (v >>> 16);
            buffer[at + 2] = (byte) (v >>> 8);
            buffer[at + 3] = (byte) v;
        }

        /** Sends what is buffered, then starts over (a row in progress never spans a flush). */
        void flush() throws SQLException {
            if (length > 0) {
                copy.writeToCopy(buffer, 0, length);
                length = 0;
            }
            if (buffer.length > 4 * CHUNK) {
                buffer = new byte[CHUNK + 1024]; // one huge row does not keep its buffer for the rest
            }
        }
    }
}
