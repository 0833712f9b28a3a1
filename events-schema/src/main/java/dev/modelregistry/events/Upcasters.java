package dev.modelregistry.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The chain of JSON upcasters, each lifting one event type from version n to n+1. The same chain
 * is used by the event store (through an Axon adapter) and by every Kafka consumer, so an old
 * event reads the same everywhere.
 */
public final class Upcasters {

    /** Lifts the JSON of {@code typeName} from {@code fromVersion()} to {@code fromVersion() + 1}. */
    public interface Upcaster {
        String typeName();

        int fromVersion();

        ObjectNode upcast(ObjectNode event);
    }

    private static final List<Upcaster> CHAIN = new CopyOnWriteArrayList<>(List.<Upcaster>of(
            // Production upcasters are listed here, oldest first.
    ));

    private Upcasters() {
    }

    public static ObjectNode upcast(String typeName, int fromVersion, int toVersion, ObjectNode event) {
        if (fromVersion > toVersion) {
            throw new IllegalArgumentException(typeName + " v" + fromVersion + " is newer than this code base (v" + toVersion + ")");
        }
        ObjectNode current = event;
        for (int version = fromVersion; version < toVersion; version++) {
            current = find(typeName, version).upcast(current.deepCopy());
        }
        return current;
    }

    private static Upcaster find(String typeName, int fromVersion) {
        return CHAIN.stream()
                .filter(u -> u.typeName().equals(typeName) && u.fromVersion() == fromVersion)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no upcaster for " + typeName + " v" + fromVersion));
    }

}
