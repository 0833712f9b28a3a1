package dev.modelregistry.query.support;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jooq.JSONB;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Converters from read-model column values to the values of the JSON answers. */
public final class JsonColumns {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<TreeMap<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final TypeReference<TreeMap<String, Double>> NUMBER_MAP = new TypeReference<>() {
    };

    private JsonColumns() {
    }

    /** A jsonb object of strings (params, tags) as a key-sorted map; SQL null as an empty map. */
    public static SortedMap<String, String> stringMap(JSONB value) {
        return value == null ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(JSON.readValue(value.data(), STRING_MAP));
    }

    /** A jsonb object of numbers (metrics) as a key-sorted map; SQL null as an empty map. */
    public static SortedMap<String, Double> numberMap(JSONB value) {
        return value == null ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(JSON.readValue(value.data(), NUMBER_MAP));
    }

    /** Any jsonb value as a JSON tree, SQL null as null. */
    public static JsonNode tree(JSONB value) {
        return value == null ? null : JSON.readTree(value.data());
    }

    public static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
