package dev.modelregistry.projection.postgres;

import static dev.modelregistry.readmodel.jooq.Tables.LINEAGE_EDGE;

import dev.modelregistry.events.RegistryEvent;
import dev.modelregistry.events.model.DatasetReference;
import dev.modelregistry.events.model.Lineage;
import dev.modelregistry.events.model.VersionReference;
import dev.modelregistry.events.model.VersionRegistered;
import dev.modelregistry.events.tracking.DatasetInput;
import dev.modelregistry.events.tracking.RunDataLogged;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The edges of the lineage DAG of one batch (migration {@code V9__lineage.sql}): dataset -> run
 * ({@code input}, RunDataLogged), dataset -> version ({@code trained_on}), run -> version
 * ({@code produced}) and parent version -> version ({@code parent}) (VersionRegistered). Edges never
 * change once made, so every write is an INSERT ... ON CONFLICT DO NOTHING on the edge and a replayed
 * event changes nothing; the first event that made an edge keeps it.
 */
final class LineageRows {

    static final String INPUT = "input";
    static final String TRAINED_ON = "trained_on";
    static final String PRODUCED = "produced";
    static final String PARENT = "parent";

    record Edge(String from, String to, String type, long position, OffsetDateTime at) {

        private Key key() {
            return new Key(from, to, type);
        }
    }

    private record Key(String from, String to, String type) {
    }

    private final Map<Key, Edge> edges = new LinkedHashMap<>();

    static String dataset(String sha256) {
        return "dataset:" + sha256;
    }

    static String run(String runId) {
        return "run:" + runId;
    }

    static String version(String model, int version) {
        return "version:" + model + "@" + version;
    }

    /** Events that make no edge are ignored. */
    void apply(RegistryEvent event, OffsetDateTime at, long position) {
        switch (event) {
            case VersionRegistered e when e.lineage() != null -> registered(e, e.lineage(), at, position);
            case RunDataLogged e -> {
                for (DatasetInput input : e.inputs()) {
                    add(new Edge(dataset(input.sha256()), run(e.runId()), INPUT, position, at));
                }
            }
            default -> {
            }
        }
    }

    private void registered(VersionRegistered e, Lineage lineage, OffsetDateTime at, long position) {
        String version = version(e.model(), e.version());
        for (DatasetReference dataset : lineage.datasets()) {
            add(new Edge(dataset(dataset.sha256()), version, TRAINED_ON, position, at));
        }
        if (lineage.runId() != null && !lineage.runId().isEmpty()) {
            add(new Edge(run(lineage.runId()), version, PRODUCED, position, at));
        }
        for (VersionReference parent : lineage.parents()) {
            add(new Edge(version(parent.model(), parent.version()), version, PARENT, position, at));
        }
    }

    private void add(Edge edge) {
        edges.putIfAbsent(edge.key(), edge);
    }

    List<Edge> edges() {
        return List.copyOf(edges.values());
    }

    void flush(PostgresBatch batch) {
        var l = LINEAGE_EDGE;
        batch.insert(l, List.of(l.FROM_NODE, l.TO_NODE, l.EDGE_TYPE, l.POSITION, l.OCCURRED_AT),
                edges(), (Edge e) -> Arrays.asList(e.from(), e.to(), e.type(), e.position(), e.at()));
    }
}
