package dev.modelregistry.events.model;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Events hold maps as immutable, key-sorted copies so that their JSON is deterministic. */
final class Maps {

    private Maps() {
    }

    static <V> SortedMap<String, V> sortedCopy(Map<String, V> source) {
        return source == null ? Collections.emptySortedMap() : Collections.unmodifiableSortedMap(new TreeMap<>(source));
    }
}
