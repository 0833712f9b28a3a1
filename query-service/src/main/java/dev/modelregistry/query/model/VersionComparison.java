package dev.modelregistry.query.model;

import dev.modelregistry.query.model.Views.VersionView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Versions of one model side by side. Every section lists rows whose {@code values} line up with
 * {@code versions}; {@code differs} tells whether the values are not all equal (a missing value
 * differs from a present one) and {@code differing_keys} names those rows. Metrics also carry the
 * differences to the first version: absolute ({@code v - first}) and relative
 * ({@code (v - first) / |first|}, null when the first is 0 or either is missing).
 */
record VersionComparison(String model, List<Integer> versions, List<String> ids, Section attributes,
                         Section params, MetricSection metrics, Section lineage, Section tags) {

    record Row(String key, List<Object> values, boolean differs) {
    }

    record Section(List<String> differingKeys, List<Row> rows) {
    }

    record MetricRow(String key, List<Double> values, List<Double> absoluteDifferences,
                     List<Double> relativeDifferences, boolean differs) {
    }

    record MetricSection(List<String> differingKeys, List<MetricRow> rows) {
    }

    /** @param versions at least one version, all of the same model, in the order to show */
    static VersionComparison of(List<VersionView> versions) {
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("nothing to compare");
        }
        return new VersionComparison(
                versions.getFirst().model(),
                versions.stream().map(VersionView::version).toList(),
                versions.stream().map(VersionView::id).toList(),
                section(versions, List.of(
                        field("stage", VersionView::stage),
                        field("stage_changed_at", VersionView::stageChangedAt),
                        field("aliases", VersionView::aliases),
                        field("framework", VersionView::framework),
                        field("framework_version", VersionView::frameworkVersion),
                        field("artifact_uri", v -> v.artifact() == null ? null : v.artifact().uri()),
                        field("artifact_sha256", v -> v.artifact() == null ? null : v.artifact().sha256()),
                        field("files", VersionView::files),
                        field("description", VersionView::description),
                        field("created_at", VersionView::createdAt),
                        field("created_by", VersionView::createdBy),
                        field("deleted_at", VersionView::deletedAt))),
                keyed(versions, VersionView::params),
                metrics(versions),
                section(versions, List.of(
                        field("code_commit", v -> v.lineage() == null ? null : v.lineage().codeCommit()),
                        field("feature_graph_hash", v -> v.lineage() == null ? null : v.lineage().featureGraphHash()),
                        field("data_window", v -> v.lineage() == null ? null : v.lineage().dataWindow()),
                        field("datasets", v -> v.lineage() == null ? null : v.lineage().datasets()),
                        field("run_id", v -> v.lineage() == null ? null : v.lineage().runId()),
                        field("parents", v -> v.lineage() == null ? null : v.lineage().parents()),
                        field("lineage_hash", VersionView::lineageHash))),
                keyed(versions, VersionView::tags));
    }

    private record Field(String key, Function<VersionView, Object> value) {
    }

    private static Field field(String key, Function<VersionView, Object> value) {
        return new Field(key, value);
    }

    private static Section section(List<VersionView> versions, List<Field> fields) {
        List<Row> rows = new ArrayList<>();
        for (Field field : fields) {
            rows.add(row(field.key(), versions.stream().map(field.value()).toList()));
        }
        return new Section(rows.stream().filter(Row::differs).map(Row::key).toList(), rows);
    }

    private static Section keyed(List<VersionView> versions, Function<VersionView, Map<String, String>> map) {
        List<Row> rows = new ArrayList<>();
        for (String key : keys(versions.stream().map(map).toList())) {
            rows.add(row(key, versions.stream().map(v -> (Object) valueOf(map.apply(v), key)).toList()));
        }
        return new Section(rows.stream().filter(Row::differs).map(Row::key).toList(), rows);
    }

    private static MetricSection metrics(List<VersionView> versions) {
        List<MetricRow> rows = new ArrayList<>();
        for (String key : keys(versions.stream().map(VersionView::metrics).toList())) {
            List<Double> values = versions.stream().map(v -> valueOf(v.metrics(), key)).toList();
            Double first = values.getFirst();
            List<Double> absolute = new ArrayList<>(values.size());
            List<Double> relative = new ArrayList<>(values.size());
            for (Double value : values) {
                absolute.add(absoluteDifference(first, value));
                relative.add(relativeDifference(first, value));
            }
            rows.add(new MetricRow(key, nullable(values), nullable(absolute), nullable(relative), !allEqual(values)));
        }
        return new MetricSection(rows.stream().filter(MetricRow::differs).map(MetricRow::key).toList(), rows);
    }

    static Double absoluteDifference(Double first, Double value) {
        if (first == null || value == null) {
            return null;
        }
        return finite(value - first);
    }

    static Double relativeDifference(Double first, Double value) {
        if (first == null || value == null || first == 0.0) {
            return null;
        }
        return finite((value - first) / Math.abs(first));
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static Row row(String key, List<Object> values) {
        return new Row(key, nullable(values), !allEqual(values));
    }

    private static boolean allEqual(List<?> values) {
        Object first = values.getFirst();
        return values.stream().allMatch(value -> Objects.equals(first, value));
    }

    private static <V> V valueOf(Map<String, V> map, String key) {
        return map == null ? null : map.get(key);
    }

    private static TreeSet<String> keys(Collection<? extends Map<String, ?>> maps) {
        TreeSet<String> keys = new TreeSet<>();
        for (Map<String, ?> map : maps) {
            if (map != null) {
                keys.addAll(map.keySet());
            }
        }
        return keys;
    }

    /** {@link List#copyOf} refuses nulls; missing values are nulls here. */
    private static <T> List<T> nullable(List<T> values) {
        return java.util.Collections.unmodifiableList(new ArrayList<>(values));
    }
}
