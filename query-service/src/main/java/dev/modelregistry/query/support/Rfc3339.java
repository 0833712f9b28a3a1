package dev.modelregistry.query.support;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/** RFC 3339 timestamps ({@code 2026-11-23T05:01:00Z}, {@code 2026-11-23T06:01:00+01:00}) and full dates (midnight UTC). */
public final class Rfc3339 {

    private Rfc3339() {
    }

    public static Optional<Instant> parse(String text) {
        if (text == null || text.length() > 64) {
            return Optional.empty();
        }
        String value = text.strip().toUpperCase(Locale.ROOT);
        try {
            if (value.length() == 10) {
                return Optional.of(LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE)
                        .atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            return Optional.of(OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
