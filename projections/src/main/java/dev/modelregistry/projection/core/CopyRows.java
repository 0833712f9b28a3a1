package dev.modelregistry.projection.core;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Appends rows with {@code COPY ... FROM STDIN} (text format) on the transaction's connection: for
 * tables that take many or large rows per event (a run's metric batches, the audit log's payloads),
 * where rendering and parsing array parameters for {@code INSERT ... SELECT FROM unnest(...)} cost
 * several times the insert itself.
 * Only for rows that no earlier event can have written (keyed by the position of an event the batch
 * applies for the first time), since COPY has no {@code ON CONFLICT}: a conflict fails the batch as
 * a data error like any other refused row. Rows go out in chunks; memory stays bounded.
 */
public final class CopyRows {

    private static final int CHUNK = 64 * 1024;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private CopyRows() {
    }

    public static <T> void append(DSLContext ctx, Table<?> table, List<? extends Field<?>> columns, List<T> rows,
                           Function<T, List<?>> values) {
        if (rows.isEmpty()) {
            return;
        }
        copyIn(ctx, table, columns, "", copy -> {
            StringBuilder text = new StringBuilder(CHUNK + 1024);
            for (T row : rows) {
                List<?> cells = values.apply(row);
                for (int c = 0; c < cells.size(); c++) {
                    if (c > 0) {
                        text.append('\t');
                    }
                    cell(cells.get(c), text);
                }
                text.append('\n');
                if (text.length() >= CHUNK) {
                    write(copy, text);
                }
            }
            write(copy, text);
        });
    }

    /** Streams one COPY's data into {@code copy}. */
    interface CopyBody {
        void write(CopyIn copy) throws SQLException;
    }

    /**
     * One {@code COPY table (columns) FROM STDIN options} on the context's connection: {@code body}
     * streams the data, then the copy ends. A failure cancels the copy; a refusal by the database is
     * rethrown with its SQLException as the cause, so that its SQLSTATE stays reachable (a data error
     * parks the event, not the batch).
     */
    static void copyIn(DSLContext ctx, Table<?> table, List<? extends Field<?>> columns, String options,
                       CopyBody body) {
        String sql = "copy " + ctx.render(table) + " ("
                + columns.stream().map(c -> ctx.render(DSL.name(c.getName()))).collect(Collectors.joining(", "))
                + ") from stdin" + options;
        ctx.connection(connection -> {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
            try {
                body.write(copy);
                copy.endCopy();
            } catch (SQLException | RuntimeException e) {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
                if (e instanceof SQLException refused) {
                    throw new DataAccessException("COPY into " + table.getName() + " failed: " + refused.getMessage(),
                            refused);
                }
                throw e;
            }
        });
    }

    private static void write(CopyIn copy, StringBuilder text) throws SQLException {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        text.setLength(0);
    }

    /**
     * One value in COPY's text format: {@code \N} for null, backslash escapes for the separators. A
     * {@link List} or a Java array (of numbers, timestamps or text) is a one-dimensional PostgreSQL
     * array, {@code {1,2,3}}; primitive arrays are written without boxing (a run's metric batches).
     */
    private static void cell(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("\\N");
            case Double d -> number(d, out);
            case Number n -> out.append(n);
            case OffsetDateTime t -> time(t, out);
            case JSONB json -> escaped(json.data(), out);
            case long[] array -> array(array.length, i -> out.append(array[i]), out);
            case int[] array -> array(array.length, i -> out.append(array[i]), out);
            case double[] array -> array(array.length, i -> number(array[i], out), out);
            case Object[] array -> array(array.length, i -> element(array[i], out), out);
            case List<?> list -> array(list.size(), i -> element(list.get(i), out), out);
            default -> escaped(value.toString(), out);
        }
    }

    /** NaN and the infinities spelled as PostgreSQL's float8 input reads them, whatever Java's toString does. */
    private static void number(double d, StringBuilder out) {
        if (Double.isNaN(d)) {
            out.append("NaN");
        } else if (Double.isInfinite(d)) {
            out.append(d > 0 ? "Infinity" : "-Infinity");
        } else {
            out.append(d);
        }
    }

    /**
     * A timestamp in UTC as ISO 8601 ({@code 2026-11-24T18:00:00.123Z}, the fraction only when there is
     * one), written digit by digit: a run's metric points make a million of them per rebuild, and
     * {@code DateTimeFormatter} was the largest cost of building the COPY text. Years outside
     * 1-9999 take the formatter.
     */
    static void time(OffsetDateTime t, StringBuilder out) {
        long seconds = t.toEpochSecond();
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        if (date.getYear() < 1 || date.getYear() > 9999) {
            out.append(TIME.format(t.withOffsetSameInstant(ZoneOffset.UTC)));
            return;
        }
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        int year = date.getYear();
        twoDigits(year / 100, out);
        twoDigits(year % 100, out);
        twoDigits(date.getMonthValue(), out.append('-'));
        twoDigits(date.getDayOfMonth(), out.append('-'));
        twoDigits(secondOfDay / 3_600, out.append('T'));
        twoDigits(secondOfDay / 60 % 60, out.append(':'));
        twoDigits(secondOfDay % 60, out.append(':'));
        int nanos = t.getNano();
        if (nanos != 0) {
            // milliseconds (what MLflow clients log) in three digits, else micro- or nanoseconds
            out.append('.');
            if (nanos % 1_000_000 == 0) {
                threeDigits(nanos / 1_000_000, out);
            } else if (nanos % 1_000 == 0) {
                threeDigits(nanos / 1_000_000, out);
                threeDigits(nanos / 1_000 % 1_000, out);
            } else {
                threeDigits(nanos / 1_000_000, out);
                threeDigits(nanos / 1_000 % 1_000, out);
                threeDigits(nanos % 1_000, out);
            }
        }
        out.append('Z');
    }

    private static void twoDigits(int value, StringBuilder out) {
        out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    private static void threeDigits(int value, StringBuilder out) {
        out.append((char) ('0' + value / 100)).append((char) ('0' + value / 10 % 10)).append((char) ('0' + value % 10));
    }

    private static void array(int length, IntConsumer element, StringBuilder out) {
        out.append('{');
        for (int i = 0; i < length; i++) {
            if (i > 0) {
                out.append(',');
            }
            element.accept(i);
        }
        out.append('}');
    }

    /**
     * An element of an array literal: null as {@code NULL}, numbers bare, anything else double-quoted
     * with the literal's own backslash escapes for {@code "} and {@code \} and then, like every cell,
     * COPY's escapes (a backslash in an element is four in the stream).
     */
    private static void element(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("NULL");
            case Double d -> number(d, out);
            case Number n -> out.append(n);
            case OffsetDateTime t -> {
                out.append('"');
                time(t, out);
                out.append('"');
            }
            default -> escaped('"' + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"', out);
        }
    }

    /** Appends {@code s} with COPY's escapes, in runs between the characters that need one (rare in JSON). */
    private static void escaped(String s, StringBuilder out) {
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String escape = switch (c) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (escape != null) {
                out.append(s, start, i).append(escape);
                start = i + 1;
            }
        }
        out.append(s, start, s.length());
    }
}
