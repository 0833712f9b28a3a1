package dev.modelregistry.query.lineage;

import java.time.Instant;
import java.util.List;

/** The JSON answers of the lineage reads (docs/api.md, "Lineage"). */
final class LineageViews {

    private LineageViews() {
    }

    /**
     * A node with the summary its type has: a version's model, number, stage and namespace; a run's
     * experiment, name, status and namespace; a dataset's digest. {@code known} is false for a node only
     * named by an edge (a run id given at registration that the tracking read model does not hold).
     */
    record Node(String id, String type, boolean known, String namespace, String model, Integer version, String stage,
                Boolean deleted, String runId, String experimentId, String name, String status, String sha256,
                Instant createdAt) {
    }

    record Edge(String from, String to, String type) {
    }

    /** {@code truncated}: the walk reached more nodes than the cap; the answer holds the nearest ones. */
    record Graph(String root, String direction, int depth, List<Node> nodes, List<Edge> edges, boolean truncated) {
    }

    /**
     * A version trained on the dataset: {@code via} {@code trained_on} (named in its lineage), {@code run}
     * (the run that produced it consumed the dataset) or {@code parent} (through a parent chain);
     * {@code distance} the length of the shortest such path in edges.
     */
    record ImpactedVersion(String model, int version, String namespace, String via, int distance,
                           boolean inProduction, boolean wasInProduction) {
    }

    record Impact(String dataset, Instant asOf, List<ImpactedVersion> versions, boolean truncated) {
    }
}
