package dev.modelregistry.query.lineage;

import dev.modelregistry.query.access.ReadScope;
import dev.modelregistry.query.consistency.Projector;
import dev.modelregistry.query.consistency.ReadsFrom;
import dev.modelregistry.query.lineage.LineageViews.Edge;
import dev.modelregistry.query.lineage.LineageViews.Graph;
import dev.modelregistry.query.lineage.LineageViews.Impact;
import dev.modelregistry.query.lineage.LineageViews.ImpactedVersion;
import dev.modelregistry.query.lineage.LineageViews.Node;
import dev.modelregistry.query.web.AsOf;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lineage reads (docs/api.md, "Lineage"): the subgraph around a node and the impact of a dataset. Both
 * routes are AUTHENTICATED: the answers keep to the namespaces the caller may read (a version or run of
 * another namespace is left out with its edges, and so is what is reachable only through it).
 */
@RestController("queryLineageController")
@ReadsFrom(Projector.POSTGRES)
class LineageController {

    static final int MAX_DEPTH = 10;
    static final int DEFAULT_DEPTH = 3;
    /** At most this many nodes in a graph and versions in an impact answer (then {@code truncated}). */
    static final int MAX_NODES = 1000;

    private final LineageQueries queries;
    private final ReadScope scope;

    LineageController(LineageQueries queries, ReadScope scope) {
        this.queries = queries;
        this.scope = scope;
    }

    @GetMapping(path = "/api/v1/lineage/impact", produces = MediaType.APPLICATION_JSON_VALUE)
    Impact impact(@RequestParam(required = false) String dataset,
                  @RequestParam(name = AsOf.PARAMETER, required = false) String asOfText) {
        if (dataset == null || dataset.isEmpty()) {
            throw new QueryException(ProblemType.MISSING_PARAMETER, "dataset", "dataset (a SHA-256 digest) is required");
        }
        if (!NodeId.isSha256(dataset)) {
            throw new QueryException(ProblemType.INVALID_SHA256, "dataset",
                    "dataset must be a SHA-256 digest: 64 lower-case hexadecimal characters");
        }
        OffsetDateTime asOf = AsOf.parse(asOfText);
        List<ImpactedVersion> versions = new ArrayList<>(
                queries.impact(dataset, asOf, scope.readableNamespaces(), MAX_NODES + 1));
        boolean truncated = versions.size() > MAX_NODES;
        if (truncated) {
            versions = versions.subList(0, MAX_NODES);
        }
        versions.sort(Comparator.comparingInt(ImpactedVersion::distance).thenComparing(ImpactedVersion::model)
                .thenComparingInt(ImpactedVersion::version));
        return new Impact(dataset, asOf == null ? null : asOf.toInstant(), versions, truncated);
    }

    @GetMapping(path = "/api/v1/lineage/{node}", produces = MediaType.APPLICATION_JSON_VALUE)
    Graph graph(@PathVariable("node") String nodeText,
                @RequestParam(required = false) String direction,
                @RequestParam(required = false) String depth) {
        NodeId root = NodeId.parse(nodeText, "node");
        String way = direction == null || direction.isEmpty() ? "upstream" : direction;
        if (!way.equals("upstream") && !way.equals("downstream") && !way.equals("both")) {
            throw QueryException.badParameter("direction", "direction must be upstream, downstream or both");
        }
        int levels = parseDepth(depth);

        Map<String, Integer> found = new LinkedHashMap<>();
        if (!way.equals("downstream")) {
            found.putAll(queries.walk(root.id(), true, levels, MAX_NODES + 1));
        }
        if (!way.equals("upstream")) {
            queries.walk(root.id(), false, levels, MAX_NODES + 1).forEach((id, d) -> found.merge(id, d, Math::min));
        }
        boolean truncated = found.size() > MAX_NODES;
        List<String> nearest = found.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_NODES).map(Map.Entry::getKey).toList();

        List<NodeId> ids = nearest.stream().map(id -> NodeId.tryParse(id).orElse(null))
                .filter(java.util.Objects::nonNull).toList();
        Map<String, Node> summaries = queries.summaries(ids);
        Set<String> readable = scope.readableNamespaces();
        Map<String, Node> visible = new LinkedHashMap<>();
        for (NodeId id : ids) {
            Node node = summaries.getOrDefault(id.id(), unknown(id));
            if (node.namespace() == null || readable == null || readable.contains(node.namespace())) {
                visible.put(id.id(), node);
            }
        }
        Node rootNode = visible.get(root.id());
        boolean exists = switch (root.type()) {
            case NodeId.DATASET -> queries.hasEdges(root.id());
            default -> summaries.containsKey(root.id()) || queries.hasEdges(root.id());
        };
        if (rootNode == null || !exists) {
            throw new QueryException(ProblemType.NODE_NOT_FOUND, "node", "lineage node '" + root.id()
                    + "' does not exist or is not readable");
        }
        List<Edge> edges = queries.edgesAmong(visible.keySet()).stream()
                .filter(e -> visible.containsKey(e.from()) && visible.containsKey(e.to())).toList();
        // keep what is reachable from the root through readable nodes only
        Set<String> reached = reachable(root.id(), edges);
        List<Node> nodes = visible.values().stream().filter(n -> reached.contains(n.id())).toList();
        List<Edge> kept = edges.stream().filter(e -> reached.contains(e.from()) && reached.contains(e.to())).toList();
        return new Graph(root.id(), way, levels, nodes, kept, truncated);
    }

    private static Node unknown(NodeId id) {
        return switch (id.type()) {
            case NodeId.DATASET -> new Node(id.id(), id.type(), true, null, null, null, null, null, null, null, null,
                    null, id.sha256(), null);
            case NodeId.VERSION -> new Node(id.id(), id.type(), false, null, id.model(), id.version(), null, null, null,
                    null, null, null, null, null);
            default -> new Node(id.id(), id.type(), false, null, null, null, null, null, id.runId(), null, null, null,
                    null, null);
        };
    }

    private static Set<String> reachable(String root, List<Edge> edges) {
        Map<String, List<String>> neighbours = new HashMap<>();
        for (Edge e : edges) {
            neighbours.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
            neighbours.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from());
        }
        Set<String> seen = new LinkedHashSet<>(List.of(root));
        Deque<String> queue = new ArrayDeque<>(seen);
        while (!queue.isEmpty()) {
            for (String next : neighbours.getOrDefault(queue.poll(), List.of())) {
                if (seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        return seen;
    }

    private static int parseDepth(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_DEPTH;
        }
        int value;
        try {
            value = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            value = 0;
        }
        if (value < 1 || value > MAX_DEPTH) {
            throw QueryException.badParameter("depth", "depth must be an integer from 1 to " + MAX_DEPTH);
        }
        return value;
    }
}
