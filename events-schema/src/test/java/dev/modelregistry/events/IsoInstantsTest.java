package dev.modelregistry.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {

    private static final ObjectMapper JACKSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();
    private static final ObjectMapper FAST = JsonMapper.builder().addModule(new JavaTimeModule())
            .addModule(new SimpleModule().addDeserializer(Instant.class, IsoInstants.deserializer())).build();

    @Test
    void reads_every_instant_the_codec_writes_exactly_as_instant_parse_does() {
        Random random = new Random(20261124);
        for (int i = 0; i < 200_000; i++) {
            // years 0000-9999, every fraction length Instant.toString uses (0, 3, 6, 9 digits)
            long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            String text = instant.toString();

            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(instant).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void reads_every_day_of_years_0_to_9999_as_instant_parse_does() {
        for (LocalDate day = LocalDate.of(0, 1, 1); day.getYear() <= 9999; day = day.plusDays(1)) {
            String text = day + "T23:59:58Z";
            Instant parsed = IsoInstants.parse(text);
            if (!Instant.parse(text).equals(parsed)) {
                assertThat(parsed).as(text).isEqualTo(Instant.parse(text));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-24T18:00:00.1Z", "2026-11-24T18:00:00.12Z", "2026-11-24T18:00:00.1234Z",
            "2026-11-24T18:00:00.12345678Z", "2024-02-29T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
            "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z"})
    void reads_any_fraction_length_and_the_calendar_edges_as_instant_parse_does(String text) {
        assertThat(IsoInstants.parse(text)).isEqualTo(Instant.parse(text));
    }

    /** Forms outside the fast path are Jackson's to accept or refuse: same instant, or an error as before. */
    @ParameterizedTest
    @ValueSource(strings = {"\"2026-11-24T18:00:00+01:00\"", "\"+10000-01-01T00:00:00Z\"", "\"-0001-01-01T00:00:00Z\"",
            "\"2023-02-29T00:00:00Z\"", "\"2026-13-01T00:00:00Z\"", "\"2026-11-24T24:00:00Z\"", "\"2026-11-24T18:60:00Z\"",
            "\"2026-11-24T18:00:00.Z\"", "\"2026-11-24T18:00:00.1234567890Z\"", "\"2026-11-24 18:00:00Z\"",
            "\"2026-11-24T18:00:00z\"", "\"２０２６-11-24T18:00:00Z\"", "\"2026-11-24T18:00:00\"", "\"\"", "1700000000",
            "1700000000.5", "null"})
    void gives_the_same_answer_as_jackson_for_every_other_form(String json) throws Exception {
        Object expected = readOrError(JACKSON, json);
        Object actual = readOrError(FAST, json);

        if (expected instanceof Throwable error) {
            assertThat(actual).isInstanceOf(error.getClass());
        } else {
            assertThat(actual).isEqualTo(expected);
        }
    }

    private static Object readOrError(ObjectMapper mapper, String json) {
        Throwable error = catchThrowable(() -> mapper.readValue(json, Instant.class));
        if (error != null) {
            return error;
        }
        try {
            Instant value = mapper.readValue(json, Instant.class);
            return value == null ? "null" : value;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
