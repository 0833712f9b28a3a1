package dev.modelregistry.projection.rebuild;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * HTTP API of the rebuild (functional routes, so that no component scan can register them twice):
 * <ul>
 * <li>{@code POST /api/v1/admin/read-models:rebuild[?scope=all|tracking]} starts a rebuild of every read
 *     model ({@code all}, the default) or of the experiment-tracking ones only, and answers 202 with its
 *     status and {@code Location: /api/v1/admin/read-models/rebuild}; with {@code ?wait=true} it answers
 *     200 with the summary once the new read models are live; 409 problem+json
 *     ({@code code: rebuild_in_progress}) while another rebuild of any scope runs; 400 problem+json
 *     ({@code code: invalid_parameter, field: scope}) for another scope, and nothing starts;</li>
 * <li>{@code GET /api/v1/admin/read-models/rebuild} tells the progress of the current or last rebuild.</li>
 * </ul>
 * Problems carry no exception text: what failed is said in words, the rest is in the log.
 */
public final class ReadModelRebuildRoutes {

    public static final String START_PATH = "/api/v1/admin/read-models:rebuild";
    public static final String STATUS_PATH = "/api/v1/admin/read-models/rebuild";

    /** The problem type URIs are those of the query API: {@code <base><code>}. */
    private static final String PROBLEM_BASE = "https://modelregistry.dev/problems/";

    private static final Logger log = LoggerFactory.getLogger(ReadModelRebuildRoutes.class);

    private ReadModelRebuildRoutes() {
    }

    public static RouterFunction<ServerResponse> routes(ReadModelRebuild rebuild) {
        return RouterFunctions.route()
                .POST(START_PATH, request -> start(rebuild, request))
                .GET(STATUS_PATH, request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .body(json(rebuild.status())))
                .build();
    }

    private static ServerResponse start(ReadModelRebuild rebuild, ServerRequest request) {
        String label = request.param("scope").orElse(ReadModelRebuild.Scope.ALL.label());
        Optional<ReadModelRebuild.Scope> scope = ReadModelRebuild.Scope.of(label);
        if (scope.isEmpty()) {
            ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid_parameter", "Invalid parameter",
                    "scope must be one of " + Arrays.stream(ReadModelRebuild.Scope.values())
                            .map(ReadModelRebuild.Scope::label).toList());
            problem.setProperty("field", "scope");
            return ServerResponse.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
        boolean wait = request.param("wait").map(Boolean::parseBoolean).orElse(false);
        try {
            if (wait) {
                rebuild.rebuild(scope.get());
                return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(json(rebuild.status()));
            }
            rebuild.start(scope.get());
            return ServerResponse.accepted().location(URI.create(STATUS_PATH))
                    .contentType(MediaType.APPLICATION_JSON).body(json(rebuild.status()));
        } catch (ReadModelRebuild.RebuildInProgressException e) {
            ProblemDetail problem = problem(HttpStatus.CONFLICT, "rebuild_in_progress", "Rebuild in progress",
                    "a read-model rebuild is already running");
            return ServerResponse.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .header("Location", STATUS_PATH).body(problem);
        } catch (RuntimeException e) {
            // the rebuild logged the cause; the answer says what failed in words (the status has the phase)
            log.debug("Rebuild request failed", e);
            String error = rebuild.status().error();
            ProblemDetail problem = problem(HttpStatus.INTERNAL_SERVER_ERROR, "rebuild_failed", "Rebuild failed",
                    error != null ? error : "the rebuild failed; the live read models are unchanged unless the "
                            + "status says otherwise; the registry's log has the details");
            return ServerResponse.status(HttpStatus.INTERNAL_SERVER_ERROR)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).header("Location", STATUS_PATH).body(problem);
        }
    }

    private static ProblemDetail problem(HttpStatus status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(PROBLEM_BASE + code));
        problem.setTitle(title);
        problem.setInstance(URI.create(START_PATH));
        problem.setProperty("code", code);
        return problem;
    }

    /** The status as a snake_case JSON object (independent of the application's Jackson settings). */
    static Map<String, Object> json(ReadModelRebuild.Status status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", status.state().name());
        body.put("scope", status.scope() == null ? null : status.scope().label());
        body.put("phase", status.phase());
        body.put("records_scanned", status.recordsScanned());
        body.put("records_total", status.recordsTotal());
        body.put("events_replayed", status.eventsReplayed());
        // the number of events to replay is known in advance only when every record is one
        body.put("events_total", status.scope() == ReadModelRebuild.Scope.TRACKING ? null : status.recordsTotal());
        body.put("started_at", status.startedAt() == null ? null : status.startedAt().toString());
        body.put("finished_at", status.finishedAt() == null ? null : status.finishedAt().toString());
        body.put("error", status.error());
        ReadModelRebuild.Summary summary = status.summary();
        if (summary != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("scope", summary.scope().label());
            s.put("records_scanned", summary.recordsScanned());
            s.put("events_replayed", summary.eventsReplayed());
            s.put("events_refused", summary.eventsRefused());
            s.put("duration_ms", summary.duration().toMillis());
            s.put("events_per_second", Math.round(summary.eventsPerSecond()));
            s.put("index", summary.index());
            Map<String, Long> offsets = new TreeMap<>();
            summary.endOffsets().forEach((partition, offset) -> offsets.put(String.valueOf(partition), offset));
            s.put("end_offsets", offsets);
            body.put("summary", s);
        }
        return body;
    }
}
