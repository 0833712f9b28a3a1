package dev.modelregistry.query.search;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A field of the version index that filters and order_by may name: the name users write, the
 * index field it maps to (docs/architecture.md, "Elasticsearch index of versions"), its kind, and
 * whether a document can hold several values.
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
        /** date: = != > >= < <= with an RFC 3339 string */
        DATE
    }

    static final int MAX_KEY_LENGTH = 256;
    static final String METRICS = "metrics.";
    static final String PARAMS = "params.";
    static final String TAGS = "tags.";

    /** Characters a map key must not have in a field path: wildcards would match other fields. */
    private static final Pattern FORBIDDEN_IN_KEY = Pattern.compile("[*?\\\\\\p{Cntrl}]");

    private static final Map<String, SearchField> FIXED = new LinkedHashMap<>();

    static {
        fixed("model", "model", Kind.KEYWORD, false);
        fixed("version", "version", Kind.INTEGER, false);
        fixed("id", "id", Kind.KEYWORD, false);
        fixed("stage", "stage", Kind.STAGE, false);
        fixed("alias", "aliases", Kind.KEYWORD, true);
        fixed("framework", "framework", Kind.KEYWORD, false);
        fixed("framework_version", "framework_version", Kind.KEYWORD, false);
        fixed("run_id", "run_id", Kind.KEYWORD, false);
        fixed("code_commit", "code_commit", Kind.KEYWORD, false);
        fixed("feature_graph_hash", "feature_graph_hash", Kind.KEYWORD, false);
        fixed("lineage_hash", "lineage_hash", Kind.KEYWORD, false);
        fixed("dataset", "dataset_digests", Kind.KEYWORD, true);
        fixed("dataset_name", "dataset_names", Kind.KEYWORD, true);
        fixed("parent", "parents", Kind.KEYWORD, true);
        fixed("artifact_sha256", "artifact_sha256", Kind.KEYWORD, false);
        fixed("file", "file_digests", Kind.KEYWORD, true);
        fixed("file_path", "file_paths", Kind.KEYWORD, true);
        fixed("created_at", "created_at", Kind.DATE, false);
        fixed("created_by", "created_by", Kind.KEYWORD, false);
    }

    private static void fixed(String name, String indexField, Kind kind, boolean multiValued) {
        FIXED.put(name, new SearchField(name, indexField, kind, multiValued));
    }

    /** The field an identifier names (identifiers are case-sensitive; map keys are kept as written). */
    static Optional<SearchField> resolve(String identifier) {
        SearchField fixed = FIXED.get(identifier);
        if (fixed != null) {
            return Optional.of(fixed);
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

    private static Optional<SearchField> key(String identifier, String prefix, Kind kind) {
        String key = identifier.substring(prefix.length());
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || key.startsWith(".") || key.endsWith(".")
                || key.contains("..") || key.isBlank() || FORBIDDEN_IN_KEY.matcher(key).find()) {
            return Optional.empty();
        }
        return Optional.of(new SearchField(identifier, identifier, kind, false));
    }

    static String knownFields() {
        return String.join(", ", FIXED.keySet()) + ", metrics.<key>, params.<key>, tags.<key>";
    }
}
