package dev.modelregistry.query.audit;

import dev.modelregistry.query.consistency.Projector;
import dev.modelregistry.query.consistency.ReadsFrom;
import dev.modelregistry.query.web.ProblemType;
import dev.modelregistry.query.web.QueryException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tamper-evident audit log (docs/api.md, "Audit chain"): {@code GET /api/v1/audit:verify} checks
 * the hash chains and names the first broken link; {@code GET /api/v1/audit/stream} sends the log as
 * NDJSON in chain order, optionally following it.
 */
@RestController("queryAuditChainController")
@ReadsFrom(Projector.POSTGRES)
class AuditChainController {

    static final String NDJSON = "application/x-ndjson";
    /** Longer than any subject the registry writes (a model name, sha256:<64 hex>, user:<name>, ...). */
    private static final int MAX_SUBJECT_LENGTH = 512;

    private static final Logger log = LoggerFactory.getLogger(AuditChainController.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AuditVerifier verifier;
    private final AuditChainQueries queries;
    private final AuditProperties properties;

    AuditChainController(AuditVerifier verifier, AuditChainQueries queries, AuditProperties properties) {
        this.verifier = verifier;
        this.queries = queries;
        this.properties = properties;
    }

    /** 200 whether or not the chain holds: the verification itself succeeded; {@code verified} says. */
    @GetMapping(path = "/api/v1/audit:verify", produces = MediaType.APPLICATION_JSON_VALUE)
    AuditVerification verify(@RequestParam(required = false) String subject) {
        String only = subject == null || subject.isEmpty() ? null : subject;
        if (only != null && only.length() > MAX_SUBJECT_LENGTH) {
            throw QueryException.badParameter("subject", "subject must be at most " + MAX_SUBJECT_LENGTH + " characters");
        }
        return verifier.verify(only);
    }

    /**
     * Every audit row from a starting point, one JSON object per line, in chain order (chain_seq), a page
     * at a time (flushed after each page: memory bounded by the page size). {@code from} is an event
     * position: the stream starts at the first row, in chain order, whose position is at least
     * {@code from}, and then sends every later row of the chain. {@code from_seq} starts at that
     * chain_seq exactly (how a client resumes). {@code follow=true} keeps the answer open and sends new
     * rows as the projector commits them, until {@code registry.query.audit.stream-max-duration}.
     */
    @GetMapping(path = "/api/v1/audit/stream")
    void stream(@RequestParam(required = false) String from,
                @RequestParam(name = "from_seq", required = false) String fromSeq,
                @RequestParam(required = false) String follow,
                @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
                HttpServletResponse response) throws IOException {
        acceptsNdjson(accept);
        Long position = number(from, "from", 0);
        Long seq = number(fromSeq, "from_seq", 1);
        if (position != null && seq != null) {
            throw QueryException.badParameter("from_seq", "give from (a position) or from_seq (a chain_seq), not both");
        }
        boolean following = bool(follow, "follow");
        long deadline = System.nanoTime() + properties.streamMaxDuration().toNanos();
        Optional<Long> start = seq != null ? Optional.of(seq) : queries.firstChainSeqFrom(position == null ? 0 : position);
        // nothing at or after the position yet: a follower gets the rows committed from now on
        long next = start.orElseGet(() -> queries.globalHead().seq() + 1);
        boolean waitingForPosition = start.isEmpty() && seq == null;

        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(NDJSON);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        OutputStream out = response.getOutputStream();
        try {
            // the status and headers now, not with the first row: a follower waiting for rows knows it is connected
            response.flushBuffer();
            while (true) {
                if (waitingForPosition) {
                    Optional<Long> found = queries.firstChainSeqFrom(position == null ? 0 : position);
                    if (found.isPresent()) {
                        next = found.get();
                        waitingForPosition = false;
                    }
                }
                List<AuditStreamLine> page = waitingForPosition ? List.of()
                        : queries.streamPage(next, properties.streamPageSize());
                for (AuditStreamLine line : page) {
                    out.write(JSON.writeValueAsBytes(line));
                    out.write('\n');
                    next = line.chainSeq() + 1;
                }
                if (!page.isEmpty()) {
                    out.flush();
                }
                if (page.size() == properties.streamPageSize()) {
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (!following || left <= 0) {
                    break;
                }
                Thread.sleep(Math.min(properties.streamPollInterval().toMillis(), Math.max(1, left / 1_000_000)));
            }
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away: nothing to answer to
            log.debug("Audit stream ended by the client: {}", e.getMessage());
        }
    }

    /**
     * Checked here rather than by {@code produces}: a mismatch found while mapping the request never
     * reaches this service's problem handler, and the client would get no problem document.
     */
    private static void acceptsNdjson(String accept) {
        if (accept == null || accept.isBlank()) {
            return;
        }
        List<MediaType> types;
        try {
            types = MediaType.parseMediaTypes(accept);
        } catch (InvalidMediaTypeException e) {
            throw QueryException.badParameter(HttpHeaders.ACCEPT, "Accept is not a list of media types");
        }
        MediaType ndjson = MediaType.parseMediaType(NDJSON);
        if (types.stream().noneMatch(type -> type.includes(ndjson))) {
            throw new QueryException(ProblemType.NOT_ACCEPTABLE, HttpHeaders.ACCEPT,
                    "the audit stream is sent as application/x-ndjson only (no server-sent events)");
        }
    }

    private static Long number(String text, String field, long minimum) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= minimum) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw QueryException.badParameter(field, field + " must be an integer of at least " + minimum);
    }

    private static boolean bool(String text, String field) {
        if (text == null || text.isEmpty() || text.equals("false")) {
            return false;
        }
        if (text.equals("true")) {
            return true;
        }
        throw QueryException.badParameter(field, field + " must be true or false");
    }
}
