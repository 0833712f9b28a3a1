package dev.modelregistry.projection.rebuild;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
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
 * <li>{@code POST /api/v1/admin/read-models:rebuild} starts a rebuild and answers 202 with its status
 *     and {@code Location: /api/v1/admin/read-models/rebuild}; with {@code ?wait=true} it answers 200
 *     with the summary once the new read models are live; 409 problem+json
 *     ({@code code: rebuild_in_progress}) while another rebuild runs;</li>
 * <li>{@code GET /api/v1/admin/read-models/rebuild} tells the progress of the current or last rebuild.</li>
 * </ul>
 */
public final class ReadModelRebuildRoutes {

    public static final String START_PATH = "/api/v1/admin/read-models:rebuild";
    public static final String STATUS_PATH = "/api/v1/admin/read-models/rebuild";

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
        boolean wait = request.param("wait").map(Boolean::parseBoolean).orElse(false);
        try {
            if (wait) {
                rebuild.rebuild();
                return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).body(json(rebuild.status()));
            }
            rebuild.start();
            return ServerResponse.accepted().location(URI.create(STATUS_PATH))
                    .contentType(MediaType.APPLICATION_JSON).body(json(rebuild.status()));
        } catch (ReadModelRebuild.RebuildInProgressException e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
            problem.setTitle("Rebuild in progress");
            problem.setProperty("code", "rebuild_in_progress");
            return ServerResponse.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .header("Location", STATUS_PATH).body(problem);
        } catch (RuntimeException e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                    "the rebuild failed; the live read models are unchanged unless the status says otherwise: " + e);
            problem.setTitle("Rebuild failed");
            problem.setProperty("code", "rebuild_failed");
            return ServerResponse.status(HttpStatus.INTERNAL_SERVER_ERROR)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
        }
    }

    /** The status as a snake_case JSON object (independent of the application's Jackson settings). */
    static Map<String, Object> json(ReadModelRebuild.Status status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", status.state().name());
        body.put("phase", status.phase());
        body.put("events_replayed", status.eventsReplayed());
        body.put("events_total", status.eventsTotal());
        body.put("started_at", status.startedAt() == null ? null : status.startedAt().toString());
        body.put("finished_at", status.finishedAt() == null ? null : status.finishedAt().toString());
        body.put("error", status.error());
        ReadModelRebuild.Summary summary = status.summary();
        if (summary != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("events_replayed", summary.eventsReplayed());
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
