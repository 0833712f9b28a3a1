package dev.modelregistry.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The chain of JSON upcasters, each lifting one event type from version n to n+1. The same chain
 * is used by the event store (through an Axon adapter) and by every Kafka consumer, so an old
 * event reads the same everywhere.
 *
 * <p>The production chain is a constant of this code base; {@link #chain(List)} builds other
 * chains so that upcasting can be tested with fixture upcasters without touching it.
 */
public final class Upcasters {

    /** Lifts the JSON of {@code typeName} from {@code fromVersion()} to {@code fromVersion() + 1}. */
    public interface Upcaster {
        String typeName();

        int fromVersion();

        ObjectNode upcast(ObjectNode event);

        /** An upcaster from a function; the function may change and return the node it is given. */
        static Upcaster of(String typeName, int fromVersion, UnaryOperator<ObjectNode> step) {
            Objects.requireNonNull(typeName, "typeName");
            Objects.requireNonNull(step, "step");
            return new Upcaster() {
                @Override
                public String typeName() {
                    return typeName;
                }

                @Override
                public int fromVersion() {
                    return fromVersion;
                }

                @Override
                public ObjectNode upcast(ObjectNode event) {
                    return step.apply(event);
                }

                @Override
                public String toString() {
                    return typeName + " v" + fromVersion + " -> v" + (fromVersion + 1);
                }
            };
        }
    }

    /** An immutable set of upcasters, at most one per (type, from-version), applied one version at a time. */
    public static final class Chain {

        private final List<Upcaster> upcasters;
        private final Map<String, Map<Integer, Upcaster>> byTypeAndVersion;

        private Chain(List<Upcaster> upcasters) {
            Map<String, Map<Integer, Upcaster>> index = new HashMap<>();
            for (Upcaster upcaster : upcasters) {
                Objects.requireNonNull(upcaster, "upcaster");
                Objects.requireNonNull(upcaster.typeName(), "upcaster type name");
                Upcaster clash = index.computeIfAbsent(upcaster.typeName(), name -> new HashMap<>())
                        .putIfAbsent(upcaster.fromVersion(), upcaster);
                if (clash != null) {
                    // Two ways to read the same old event would make its meaning depend on list order.
                    throw new IllegalArgumentException("two upcasters for " + upcaster.typeName()
                            + " from v" + upcaster.fromVersion() + ": " + clash + " and " + upcaster);
                }
            }
            List<Upcaster> sorted = new ArrayList<>(upcasters);
            sorted.sort(Comparator.comparing(Upcaster::typeName).thenComparingInt(Upcaster::fromVersion));
            this.upcasters = List.copyOf(sorted);
            index.replaceAll((name, versions) -> Map.copyOf(versions));
            this.byTypeAndVersion = Map.copyOf(index);
        }

        /** The upcasters of this chain, by type name and then from-version. */
        public List<Upcaster> upcasters() {
            return upcasters;
        }

        /** This chain plus {@code extra}; fails when an extra upcaster duplicates a step of this chain. */
        public Chain with(List<? extends Upcaster> extra) {
            List<Upcaster> all = new ArrayList<>(upcasters);
            all.addAll(extra);
            return new Chain(all);
        }

        /**
         * Lifts {@code event} from {@code fromVersion} to {@code toVersion}, one step at a time, oldest
         * first. The given node is never changed: every step receives a copy.
         *
         * @throws UnsupportedEventVersionException when {@code fromVersion} is newer than {@code toVersion}
         * @throws IllegalStateException when a step between the two versions has no upcaster
         */
        public ObjectNode upcast(String typeName, int fromVersion, int toVersion, ObjectNode event) {
            if (fromVersion > toVersion) {
                throw new UnsupportedEventVersionException(typeName, fromVersion, toVersion);
            }
            // Every step is looked up before any runs, so a gap fails the same way whatever the event.
            List<Upcaster> steps = new ArrayList<>(toVersion - fromVersion);
            for (int version = fromVersion; version < toVersion; version++) {
                Upcaster step = byTypeAndVersion.getOrDefault(typeName, Map.of()).get(version);
                if (step == null) {
                    throw new IllegalStateException("cannot read " + typeName + " v" + fromVersion + " as v" + toVersion
                            + ": no upcaster from v" + version + " to v" + (version + 1));
                }
                steps.add(step);
            }
            ObjectNode current = event;
            for (Upcaster step : steps) {
                current = step.upcast(current.deepCopy());
                if (current == null) {
                    throw new IllegalStateException("upcaster " + step + " returned no event");
                }
            }
            return current;
        }

        /** Lifts {@code event} to the current version of its type in this code base. */
        public ObjectNode upcastToCurrent(String typeName, int fromVersion, ObjectNode event) {
            return upcast(typeName, fromVersion, EventTypes.byName(typeName).version(), event);
        }

        @Override
        public String toString() {
            return "Upcasters.Chain" + upcasters;
        }
    }

    private static final Chain PRODUCTION = new Chain(List.of(
            // Production upcasters are listed here, oldest first. Each published version of a
            // type below its current version needs one, and a golden file (src/test/resources/golden).
            Upcaster.of("dev.modelregistry.version.registered", 1, Upcasters::versionRegisteredV1ToV2)
    ));

    /**
     * Version 1 predates the artifact store: its artifact was one file named by {@code artifact.sha256}.
     * It reads as a manifest of that one file at path {@code model}, size unknown.
     */
    private static ObjectNode versionRegisteredV1ToV2(ObjectNode event) {
        var files = event.putArray("files");
        var artifact = event.get("artifact");
        if (artifact != null && artifact.hasNonNull("sha256")) {
            ObjectNode file = files.addObject();
            file.put("path", "model");
            file.set("sha256", artifact.get("sha256"));
            file.putNull("size");
        }
        return event;
    }

    private Upcasters() {
    }

    /** The chain this code base reads old events with; used by {@link EventCodec#decode(String, int, byte[])}. */
    public static Chain production() {
        return PRODUCTION;
    }

    /** A chain of exactly these upcasters, for tests and tools; production code uses {@link #production()}. */
    public static Chain chain(List<? extends Upcaster> upcasters) {
        return new Chain(List.copyOf(upcasters));
    }

    /** Upcasts with the production chain; see {@link Chain#upcast(String, int, int, ObjectNode)}. */
    public static ObjectNode upcast(String typeName, int fromVersion, int toVersion, ObjectNode event) {
        return PRODUCTION.upcast(typeName, fromVersion, toVersion, event);
    }
}
