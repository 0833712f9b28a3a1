package dev.modelregistry.query.audit;

import dev.modelregistry.access.Namespaces;
import dev.modelregistry.access.Permission;
import dev.modelregistry.events.EventTypes;
import dev.modelregistry.query.access.ReadScope;
import dev.modelregistry.query.consistency.Projector;
import dev.modelregistry.query.consistency.ReadsFrom;
import dev.modelregistry.query.support.Rfc3339;
import dev.modelregistry.query.web.VersionNumber;
import dev.modelregistry.query.web.Page;
import dev.modelregistry.query.web.PageSize;
import dev.modelregistry.query.web.PageTokenCodec;
import dev.modelregistry.query.web.QueryException;
import java.time.Instant;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/audit}: every event, oldest first, with who, when, why and what changed. The whole log
 * needs AUDIT; with {@code model=} it is that model's history and needs READ in the model's namespace.
 */
@RestController("queryAuditController")
@RequestMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
@ReadsFrom(Projector.POSTGRES)
class AuditController {

    private final AuditQueries queries;
    private final ReadScope scope;

    AuditController(AuditQueries queries, ReadScope scope) {
        this.queries = queries;
        this.scope = scope;
    }

    @GetMapping
    Page<AuditEntry> audit(@RequestParam(required = false) String subject,
                           @RequestParam(required = false) String model,
                           @RequestParam(required = false) String version,
                           @RequestParam(required = false) String actor,
                           @RequestParam(required = false) String type,
                           @RequestParam(required = false) String from,
                           @RequestParam(required = false) String to,
                           @RequestParam(name = PageSize.PARAMETER, required = false) String pageSize,
                           @RequestParam(name = PageTokenCodec.PARAMETER, required = false) String pageToken) {
        // one model's history is a read of that model (READ in its namespace); anything else is the audit log
        String modelName = blankToNull(model);
        scope.require(modelName == null ? Permission.AUDIT : Permission.READ,
                modelName == null ? null : Namespaces.namespaceOf(modelName));
        int size = PageSize.parse(pageSize);
        Instant fromTime = time(from, "from");
        Instant toTime = time(to, "to");
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            throw QueryException.badParameter("to", "to must be later than from");
        }
        if (type != null && !type.isEmpty() && !EventTypes.isKnown(type)) {
            throw QueryException.badParameter("type", "type must be an event type name such as "
                    + EventTypes.all().getFirst().name() + " (see docs/events.md)");
        }
        AuditQueries.Criteria criteria = new AuditQueries.Criteria(blankToNull(subject), blankToNull(model),
                versionNumber(version),
                blankToNull(actor), blankToNull(type), fromTime, toTime);
        return queries.entries(criteria, size, blankToNull(pageToken));
    }

    private static Integer versionNumber(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return VersionNumber.parse(text, "version");
    }

    private static Instant time(String text, String field) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return Rfc3339.parse(text).orElseThrow(() -> QueryException.badParameter(field,
                field + " must be an RFC 3339 timestamp such as 2026-11-23T05:01:00Z"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
