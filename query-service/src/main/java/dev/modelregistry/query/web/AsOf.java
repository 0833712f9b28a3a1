package dev.modelregistry.query.web;

import dev.modelregistry.query.support.Rfc3339;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The {@code as_of} parameter of the point-in-time reads: an RFC 3339 time compared with the events'
 * {@code occurred_at}. Absent or empty: the registry as it stands now. A time later than the server's
 * clock is refused rather than answered as now: the future is not known yet, and a client that
 * gets an answer for it could take it for one.
 */
public final class AsOf {

    public static final String PARAMETER = "as_of";

    private AsOf() {
    }

    /**
     * @return null when absent (now), else the time in UTC
     * @throws QueryException 400 {@code invalid_as_of} naming {@code as_of}
     */
    public static OffsetDateTime parse(String text, Clock clock) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Instant time = Rfc3339.parse(text).orElseThrow(() -> new QueryException(ProblemType.INVALID_AS_OF, PARAMETER,
                "as_of must be an RFC 3339 time such as 2026-11-23T05:01:00Z"));
        if (time.isAfter(clock.instant())) {
            throw new QueryException(ProblemType.INVALID_AS_OF, PARAMETER,
                    "as_of is later than the registry's clock; ask about the past or leave as_of out for now");
        }
        return OffsetDateTime.ofInstant(time, ZoneOffset.UTC);
    }

    public static OffsetDateTime parse(String text) {
        return parse(text, Clock.systemUTC());
    }
}
