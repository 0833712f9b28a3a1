package dev.modelregistry.projection.core;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * Rows as a derived table {@code unnest(:column1[], :column2[], ...) AS v(c1, c2, ...)} whose columns are
 * typed and ordered like {@code columns}: the set-based statements of a projector batch need one bind
 * value per column, not per row (a rebuild's batches of thousands would pass PostgreSQL's 65,535).
 */
public record Unnest(Table<?> table, List<? extends Field<?>> columns) {

    /**
     * The array type of each column type: jOOQ builds a new one on every {@code getArrayDataType()}, which
     * was ~6 % of the PostgreSQL projector's CPU (docs/benchmarks.md).
     */
    private static final Map<DataType<?>, DataType<?>> ARRAY_TYPES = new ConcurrentHashMap<>();

    /** {@code rows}, each turned into its values (in {@code columns} order) by {@code values}. */
    public static <T> Unnest of(List<? extends Field<?>> columns, List<T> rows, Function<T, List<?>> values) {
        Object[][] arrays = new Object[columns.size()][];
        for (int c = 0; c < columns.size(); c++) {
            arrays[c] = (Object[]) Array.newInstance(columns.get(c).getType(), rows.size());
        }
        for (int r = 0; r < rows.size(); r++) {
            List<?> row = values.apply(rows.get(r));
            for (int c = 0; c < columns.size(); c++) {
                arrays[c][r] = row.get(c);
            }
        }
        List<Field<?>> parameters = new ArrayList<>(columns.size());
        String[] names = new String[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            parameters.add(array(columns.get(c), arrays[c]));
            names[c] = "c" + c;
        }
        return new Unnest(DSL.table("unnest({0})", DSL.list(parameters)).as("v", names), columns);
    }

    /** The derived table's column that carries {@code column}. */
    public <T> Field<T> field(Field<T> column) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException(column + " is not a column of this derived table");
        }
        return DSL.field(DSL.name("v", "c" + index), column.getDataType());
    }

    @SuppressWarnings("unchecked")
    private static <T> Field<T[]> array(Field<T> column, Object[] values) {
        DataType<T[]> type = (DataType<T[]>) ARRAY_TYPES.computeIfAbsent(column.getDataType(), DataType::getArrayDataType);
        return DSL.val((T[]) values, type);
    }
}
