package dev.modelregistry.query.search;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A field of an index that filters, order_by and facets may name: the name users write, the index
 * field it maps to (docs/architecture.md, "Elasticsearch index of versions" and "... of runs"), its
 * kind, and whether a document can hold several values. Each index has its {@link Catalogue}.
 */
record SearchField(String name, String indexField, Kind kind, boolean multiValued) {

    enum Kind {
        /** double: = != > >= < <= with a number */
        NUMBER,
        /** integer: = != > >= < <= with an integer */
        INTEGER,
        /** keyword: = != IN NOT IN with a string */
        KEYWORD,
        /** a stage label: like KEYWORD, the value must be a stage */
        STAGE,
        /** a run status: like KEYWORD, the value must be RUNNING, FINISHED, FAILED or KILLED (any case) */
        RUN_STATUS,
        /** date: = != > >= < <= with an RFC 3339 string */
        DATE
    }

    static final int MAX_KEY_LENGTH = 256;
    static final String METRICS = "metrics.";
    static final String PARAMS = "params.";
    static final String TAGS = "tags.";

    /** Characters a map key must not have in a field path: wildcards would match other fields. */
    private static final Pattern FORBIDDEN_IN_KEY = Pattern.compile("[*?\\\\\\p{Cntrl}]");

    /**
     * The field set of one index: one filter language, order_by and facets over each, with the fixed
     * fields of that index plus {@code metrics.<key>}, {@code params.<key>} and {@code tags.<key>}.
     */
    enum Catalogue {
        VERSIONS, RUNS;

        private final Map<String, SearchField> fixed = new LinkedHashMap<>();

        /** The field an identifier names (identifiers are case-sensitive; map keys are kept as written). */
        Optional<SearchField> resolve(String identifier) {
            SearchField field = fixed.get(identifier);
            if (field != null) {
                return Optional.of(field);
            }
            if (identifier.startsWith(METRICS)) {
                return key(identifier, METRICS, Kind.NUMBER);
            }
            if (identifier.startsWith(PARAMS)) {
                return key(identifier, PARAMS, Kind.KEYWORD);
            }
            if (identifier.startsWith(TAGS)) {
                return key(identifier, TAGS, Kind.KEYWORD);
            }
            return Optional.empty();
        }

        String knownFields() {
            return String.join(", ", fixed.keySet()) + ", metrics.<key>, params.<key>, tags.<key>";
        }

        // here rather than in SearchField: using a catalogue must not depend on SearchField being initialised
        static {
            VERSIONS
                    .add("model", "model", Kind.KEYWORD, false)
                    .add("version", "version", Kind.INTEGER, false)
                    .add("id", "id", Kind.KEYWORD, false)
                    .add("stage", "stage", Kind.STAGE, false)
                    .add("alias", "aliases", Kind.KEYWORD, true)
                    .add("framework", "framework", Kind.KEYWORD, false)
                    .add("framework_version", "framework_version", Kind.KEYWORD, false)
                    .add("run_id", "run_id", Kind.KEYWORD, false)
                    .add("code_commit", "code_commit", Kind.KEYWORD, false)
                    .add("feature_graph_hash", "feature_graph_hash", Kind.KEYWORD, false)
                    .add("lineage_hash", "lineage_hash", Kind.KEYWORD, false)
                    .add("dataset", "dataset_digests", Kind.KEYWORD, true)
                    .add("dataset_name", "dataset_names", Kind.KEYWORD, true)
                    .add("parent", "parents", Kind.KEYWORD, true)
                    .add("artifact_sha256", "artifact_sha256", Kind.KEYWORD, false)
                    .add("file", "file_digests", Kind.KEYWORD, true)
                    .add("file_path", "file_paths", Kind.KEYWORD, true)
                    .add("created_at", "created_at", Kind.DATE, false)
                    .add("created_by", "created_by", Kind.KEYWORD, false);
            RUNS
                    .add("run_id", "run_id", Kind.KEYWORD, false)
                    .add("experiment_id", "experiment_id", Kind.KEYWORD, false)
                    .add("name", "name", Kind.KEYWORD, false)
                    .add("status", "status", Kind.RUN_STATUS, false)
                    .add("framework", "framework", Kind.KEYWORD, false)
                    .add("framework_version", "framework_version", Kind.KEYWORD, false)
                    .add("code_commit", "code_commit", Kind.KEYWORD, false)
                    .add("dataset", "dataset_digests", Kind.KEYWORD, true)
                    .add("dataset_name", "dataset_names", Kind.KEYWORD, true)
                    .add("nonfinite_metric", "nonfinite_metrics", Kind.KEYWORD, true)
                    .add("start_time", "start_time", Kind.DATE, false)
                    .add("end_time", "end_time", Kind.DATE, false)
                    .add("duration_ms", "duration_ms", Kind.INTEGER, false)
                    .add("created_by", "created_by", Kind.KEYWORD, false);
        }

        private Catalogue add(String name, String indexField, Kind kind, boolean multiValued) {
            fixed.put(name, new SearchField(name, indexField, kind, multiValued));
            return this;
        }
    }

    /** A field of the versions index. */
    static Optional<SearchField> resolve(String identifier) {
        return Catalogue.VERSIONS.resolve(identifier);
    }

    private static Optional<SearchField> key(String identifier, String prefix, Kind kind) {
        String key = identifier.substring(prefix.length());
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || key.startsWith(".") || key.endsWith(".")
                || key.contains("..") || key.isBlank() || FORBIDDEN_IN_KEY.matcher(key).find()) {
            return Optional.empty();
        }
        return Optional.of(new SearchField(identifier, identifier, kind, false));
    }
}
