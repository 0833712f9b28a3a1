package dev.modelregistry.query.tracking;

import static dev.modelregistry.access.Permission.READ;

import dev.modelregistry.query.access.ReadScope;
import dev.modelregistry.query.consistency.Projector;
import dev.modelregistry.query.consistency.ReadsFrom;
import dev.modelregistry.query.tracking.TrackingQueries.RunOrder;
import dev.modelregistry.query.tracking.TrackingQueries.RunRef;
import dev.modelregistry.query.tracking.TrackingViews.ComparedRun;
import dev.modelregistry.query.tracking.TrackingViews.ComparedValue;
import dev.modelregistry.query.tracking.TrackingViews.Comparison;
import dev.modelregistry.query.tracking.TrackingViews.Experiment;
import dev.modelregistry.query.tracking.TrackingViews.LatestMetric;
import dev.modelregistry.query.tracking.TrackingViews.MetricHistory;
import dev.modelregistry.query.tracking.TrackingViews.Run;
import dev.modelregistry.query.tracking.TrackingViews.RunSummary;
import dev.modelregistry.query.web.Page;
import dev.modelregistry.query.web.PageSize;
import dev.modelregistry.query.web.PageTokenCodec;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Experiment tracking reads (docs/api.md, "Experiment tracking"): experiments, runs, metric histories,
 * the best run and run comparison. Routes of one experiment or run are HANDLER-scoped: the handler
 * looks the experiment or run up and checks READ in its namespace.
 */
@RestController("queryTrackingController")
@ReadsFrom(Projector.POSTGRES)
class TrackingController {

    static final int MAX_POINTS_LIMIT = 10_000;
    static final int MAX_COMPARED_RUNS = 10;
    private static final Pattern METRIC_KEY = Pattern.compile("[A-Za-z0-9_\\-. /]{1,250}");
    private static final Pattern ORDER_BY = Pattern.compile("metrics\\.(.+?)(?:\\s+(asc|desc|ASC|DESC))?");
    private static final String MIN_PREFIX = "min_";

    private final TrackingQueries queries;
    private final ReadScope scope;

    TrackingController(TrackingQueries queries, ReadScope scope) {
        this.queries = queries;
        this.scope = scope;
    }

    @GetMapping(path = "/api/v1/experiments", produces = MediaType.APPLICATION_JSON_VALUE)
    Page<Experiment> experiments(@RequestParam(required = false) String namespace,
                                 @RequestParam(name = PageSize.PARAMETER, required = false) String pageSize,
                                 @RequestParam(name = PageTokenCodec.PARAMETER, required = false) String pageToken) {
        return queries.experiments(scope.readableNamespaces(), blankToNull(namespace), PageSize.parse(pageSize),
                blankToNull(pageToken));
    }

    @GetMapping(path = "/api/v1/experiments/{experiment_id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Experiment experiment(@PathVariable("experiment_id") String experimentId) {
        return readableExperiment(experimentId);
    }

    /**
     * {@code status=}, {@code min_<metric>=<number>} (any number of them, on the latest value; NaN never
     * passes), {@code order_by=metrics.<key> [asc|desc]} (default: start time, newest first).
     */
    @GetMapping(path = "/api/v1/experiments/{experiment_id}/runs", produces = MediaType.APPLICATION_JSON_VALUE)
    Page<RunSummary> runs(@PathVariable("experiment_id") String experimentId,
                          @RequestParam(required = false) String status,
                          @RequestParam(name = "order_by", required = false) String orderBy,
                          @RequestParam(name = PageSize.PARAMETER, required = false) String pageSize,
                          @RequestParam(name = PageTokenCodec.PARAMETER, required = false) String pageToken,
                          @RequestParam Map<String, String> parameters) {
        int size = PageSize.parse(pageSize);
        String runStatus = status(status);
        Map<String, Double> minimums = new TreeMap<>();
        parameters.forEach((name, value) -> {
            if (name.startsWith(MIN_PREFIX)) {
                String metric = name.substring(MIN_PREFIX.length());
                if (!METRIC_KEY.matcher(metric).matches()) {
                    throw QueryException.badParameter(name, "the metric name after min_ is not a valid metric key");
                }
                minimums.put(metric, finiteNumber(name, value));
            }
        });
        RunOrder order = order(orderBy);
        readableExperiment(experimentId);
        return queries.runs(experimentId, runStatus, minimums, order, size, blankToNull(pageToken));
    }

    @GetMapping(path = "/api/v1/experiments/{experiment_id}/runs:best", produces = MediaType.APPLICATION_JSON_VALUE)
    RunSummary best(@PathVariable("experiment_id") String experimentId,
                    @RequestParam(required = false) String metric,
                    @RequestParam(required = false) String order) {
        if (metric == null || metric.isBlank()) {
            throw new QueryException(ProblemType.MISSING_PARAMETER, "metric", "metric is required");
        }
        if (!METRIC_KEY.matcher(metric).matches()) {
            throw QueryException.badParameter("metric", "metric is not a valid metric key");
        }
        boolean max = switch (order == null ? "max" : order) {
            case "max" -> true;
            case "min" -> false;
            default -> throw QueryException.badParameter("order", "order must be max or min");
        };
        readableExperiment(experimentId);
        return queries.best(experimentId, metric, max).orElseThrow(() -> new QueryException(ProblemType.RUN_NOT_FOUND,
                "metric", "No run of the experiment has a numeric value of metric '" + metric + "'"));
    }

    @GetMapping(path = "/api/v1/runs/{run_id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Run run(@PathVariable("run_id") String runId) {
        RunRef ref = queries.runRef(runId, "run_id");
        scope.require(READ, ref.namespace());
        return queries.runs(List.of(runId)).stream().findFirst().orElseThrow(() -> new QueryException(
                ProblemType.RUN_NOT_FOUND, "run_id", "Run '" + runId + "' does not exist"));
    }

    /**
     * Paginated by (step, timestamp); with {@code max_points} (2..10,000) the whole history downsampled
     * in one answer (no page token).
     */
    @GetMapping(path = "/api/v1/runs/{run_id}/metrics/{key}/history", produces = MediaType.APPLICATION_JSON_VALUE)
    MetricHistory history(@PathVariable("run_id") String runId, @PathVariable String key,
                          @RequestParam(name = PageSize.PARAMETER, required = false) String pageSize,
                          @RequestParam(name = PageTokenCodec.PARAMETER, required = false) String pageToken,
                          @RequestParam(name = "max_points", required = false) String maxPoints) {
        int size = PageSize.parse(pageSize);
        Integer points = null;
        if (maxPoints != null) {
            try {
                points = Integer.parseInt(maxPoints.strip());
            } catch (NumberFormatException e) {
                points = -1;
            }
            if (points < 2 || points > MAX_POINTS_LIMIT) {
                throw QueryException.badParameter("max_points", "max_points must be an integer from 2 to "
                        + MAX_POINTS_LIMIT);
            }
            if (blankToNull(pageToken) != null) {
                throw QueryException.badParameter(PageTokenCodec.PARAMETER,
                        "a downsampled history is one answer: page_token does not go with max_points");
            }
        }
        RunRef ref = queries.runRef(runId, "run_id");
        scope.require(READ, ref.namespace());
        return points == null ? queries.history(runId, key, size, blankToNull(pageToken))
                : queries.downsampled(runId, key, points);
    }

    @GetMapping(path = "/api/v1/runs:compare", produces = MediaType.APPLICATION_JSON_VALUE)
    Comparison compare(@RequestParam(required = false) String runs) {
        if (runs == null || runs.isBlank()) {
            throw new QueryException(ProblemType.MISSING_PARAMETER, "runs", "runs is required (2 to 10 run ids)");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String id : runs.split(",")) {
            if (!id.isBlank()) {
                ids.add(id.strip());
            }
        }
        if (ids.size() < 2 || ids.size() > MAX_COMPARED_RUNS) {
            throw QueryException.badParameter("runs", "runs must name 2 to " + MAX_COMPARED_RUNS + " distinct runs");
        }
        for (RunRef ref : queries.runRefs(ids, "runs")) {
            scope.require(READ, ref.namespace());
        }
        return comparison(queries.runs(ids));
    }

    static Comparison comparison(List<Run> runs) {
        List<ComparedRun> compared = runs.stream().map(r -> new ComparedRun(r.runId(), r.experimentId(), r.name(),
                r.status(), r.codeCommit(), r.inputs())).toList();
        Set<String> paramKeys = new TreeSet<>();
        runs.forEach(r -> paramKeys.addAll(r.params().keySet()));
        Map<String, Map<String, String>> differing = new TreeMap<>();
        Map<String, String> equal = new TreeMap<>();
        for (String key : paramKeys) {
            Set<String> values = new LinkedHashSet<>();
            boolean everyRun = true;
            for (Run r : runs) {
                String value = r.params().get(key);
                everyRun &= value != null;
                values.add(Objects.toString(value, "\u0000"));
            }
            if (everyRun && values.size() == 1) {
                equal.put(key, runs.getFirst().params().get(key));
            } else {
                Map<String, String> byRun = new LinkedHashMap<>();
                runs.forEach(r -> byRun.put(r.runId(), r.params().get(key)));
                differing.put(key, byRun);
            }
        }
        Set<String> metricKeys = new TreeSet<>();
        runs.forEach(r -> r.metrics().forEach(m -> metricKeys.add(m.key())));
        Map<String, List<ComparedValue>> metrics = new TreeMap<>();
        for (String key : metricKeys) {
            Double first = latest(runs.getFirst(), key);
            List<ComparedValue> values = new ArrayList<>();
            for (Run r : runs) {
                Double value = latest(r, key);
                values.add(new ComparedValue(r.runId(), value == null ? null : TrackingViews.metricValue(value),
                        value == null || first == null ? null : TrackingViews.metricValue(value - first)));
            }
            metrics.put(key, values);
        }
        return new Comparison(compared, differing, equal, metrics);
    }

    private static Double latest(Run run, String key) {
        for (LatestMetric m : run.metrics()) {
            if (m.key().equals(key)) {
                return switch (m.value()) {
                    case Double d -> d;
                    case String s -> switch (s) {
                        case "Infinity" -> Double.POSITIVE_INFINITY;
                        case "-Infinity" -> Double.NEGATIVE_INFINITY;
                        default -> Double.NaN;
                    };
                    default -> null;
                };
            }
        }
        return null;
    }

    private Experiment readableExperiment(String experimentId) {
        Experiment experiment = queries.experiment(experimentId);
        scope.require(READ, experiment.namespace());
        return experiment;
    }

    private static String status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        if (!Arrays.asList("RUNNING", "FINISHED", "FAILED", "KILLED").contains(status)) {
            throw QueryException.badParameter("status", "status must be RUNNING, FINISHED, FAILED or KILLED");
        }
        return status;
    }

    private static RunOrder order(String orderBy) {
        if (orderBy == null || orderBy.isBlank()) {
            return new RunOrder(null, true);
        }
        var matcher = ORDER_BY.matcher(orderBy.strip());
        if (!matcher.matches() || !METRIC_KEY.matcher(matcher.group(1)).matches()) {
            throw new QueryException(ProblemType.INVALID_ORDER_BY, "order_by",
                    "order_by must be metrics.<key> optionally followed by asc or desc");
        }
        return new RunOrder(matcher.group(1), matcher.group(2) == null || matcher.group(2).equalsIgnoreCase("desc"));
    }

    private static double finiteNumber(String field, String raw) {
        double value;
        try {
            value = Double.parseDouble(raw.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw QueryException.badParameter(field, field + " must be a number");
        }
        if (!Double.isFinite(value)) {
            throw QueryException.badParameter(field, field + " must be a finite number");
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
