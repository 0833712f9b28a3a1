package dev.modelregistry.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Reads the instants the codec writes ({@link Instant#toString()}: {@code 2026-11-24T18:00:00Z},
 * optionally with 1 to 9 fraction digits) by hand, and hands anything else (offsets other than
 * {@code Z}, years past 9999, leap seconds, numbers, malformed text) to Jackson's own
 * {@link InstantDeserializer}, so the accepted forms and the errors stay Jackson's. Why: a run's
 * log-batch carries up to 1,000 metric points, each with a timestamp, and {@code DateTimeFormatter}
 * parsing was a third of the CPU of a tracking rebuild.
 */
public final class IsoInstants {

    private static final long SECONDS_PER_DAY = 86_400;

    private IsoInstants() {
    }

    /** The deserializer to register for {@link Instant}, after Jackson's JavaTimeModule. */
    static JsonDeserializer<Instant> deserializer() {
        return new Deserializer();
    }

    private static final class Deserializer extends StdScalarDeserializer<Instant> {

        Deserializer() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant parsed = parse(parser.getText());
                if (parsed != null) {
                    return parsed;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} as {@link Instant#toString()} writes it for years 0-9999, or
     * null for any other text and for an impossible date or time (the caller then asks Jackson). Also
     * the projections' streaming decoder's parser.
     */
    public static Instant parse(String text) {
        int length = text.length();
        if (length < 20 || length == 21 || length > 30 || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            if (text.charAt(19) != '.') {
                return null;
            }
            int fraction = digits(text, 20, length - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int scale = length - 1 - 20; scale < 9; scale++) {
                nanos *= 10;
            }
        }
        return Instant.ofEpochSecond(epochDay(year, month, day) * SECONDS_PER_DAY + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** Days in the month of the proleptic Gregorian calendar (as {@link java.time.LocalDate}), without objects. */
    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> leap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    private static boolean leap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    /**
     * {@link java.time.LocalDate#toEpochDay()} for years 0-9999, without the object: the same arithmetic
     * (days since 0000-03-01 style month lengths, then 719,528 days from 0000-01-01 to 1970-01-01).
     * {@code LocalDate} here was ~3 % of a tracking rebuild's CPU (a million metric timestamps).
     */
    private static long epochDay(int year, int month, int day) {
        long total = 365L * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400
                + (367L * month - 362) / 12 + day - 1;
        if (month > 2) {
            total -= leap(year) ? 1 : 2;
        }
        return total - 719_528;
    }

    /** The decimal number in {@code text[from, to)}, or -1 if a character is not an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
