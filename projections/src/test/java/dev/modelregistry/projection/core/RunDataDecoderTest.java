package dev.modelregistry.projection.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.events.EventCodec;
import dev.modelregistry.events.EventTypes;
import dev.modelregistry.events.IsoInstants;
import dev.modelregistry.events.tracking.DatasetInput;
import dev.modelregistry.events.tracking.MetricPoint;
import dev.modelregistry.events.tracking.Param;
import dev.modelregistry.events.tracking.RunDataLogged;
import dev.modelregistry.events.tracking.RunStarted;
import dev.modelregistry.events.tracking.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming decoder of RunDataLogged gives exactly the event the codec gives (record equality: every
 * double to the bit, NaN, -0, every nanosecond), takes the fast path for every body the codec writes,
 * and for any other body (hostile, another form, another version or type) gives what the codec gives,
 * the same refusal included.
 */
class RunDataDecoderTest {

    private static final EventTypes.Registration RUN_DATA = EventTypes.of(RunDataLogged.class);
    private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
            Double.MIN_VALUE, Double.MAX_VALUE, 0.1 + 0.2, 1e-300, -123456.789e10};

    private static RunDataLogged generated(Random random) {
        List<Param> params = new ArrayList<>();
        List<MetricPoint> metrics = new ArrayList<>();
        List<Tag> tags = new ArrayList<>();
        List<DatasetInput> inputs = new ArrayList<>();
        for (int k = 0; k < random.nextInt(12); k++) {
            params.add(new Param("p" + k + " \"quoted\" \\ ü😀\n", "v" + random.nextLong()));
        }
        for (int k = 0; k < random.nextInt(300); k++) {
            double value = random.nextInt(4) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)]
                    : random.nextInt(3) == 0 ? random.nextInt(1000) : random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
            Instant at = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_799L), switch (k % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            });
            long step = switch (k % 3) {
                case 0 -> k;
                case 1 -> random.nextLong();
                default -> -random.nextInt(5);
            };
            metrics.add(new MetricPoint(k % 2 == 0 ? "loss" : "acc/ü", value, step, at));
        }
        for (int k = 0; k < random.nextInt(4); k++) {
            tags.add(new Tag("t" + k, k == 0 ? "" : "value " + k));
        }
        for (int k = 0; k < random.nextInt(3); k++) {
            inputs.add(new DatasetInput("train" + k, "d".repeat(64), k == 0 ? null : "s3://x", k == 1 ? null : "training"));
        }
        return new RunDataLogged(String.format("%032x", random.nextLong() & Long.MAX_VALUE), params, metrics, tags, inputs);
    }

    @Test
    void everyBodyTheCodecWritesIsReadOnTheFastPathAsTheSameEvent() {
        Random random = new Random(20261124);
        for (int i = 0; i < 2_000; i++) {
            RunDataLogged event = generated(random);
            byte[] body = EventCodec.encode(event);
            RunDataLogged fast = RunDataDecoder.runData(body);
            assertThat(fast).as(new String(body, StandardCharsets.UTF_8)).isNotNull()
                    .isEqualTo(event)
                    .isEqualTo(EventCodec.decode(RUN_DATA.name(), RUN_DATA.version(), body));
        }
    }

    @Test
    void theTimestampParserItSharesWithTheCodecReadsWhatInstantWritesAndNothingElse() {
        Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_799L),
                    i % 2 == 0 ? random.nextInt(1_000) * 1_000_000 : random.nextInt(1_000_000_000));
            assertThat(IsoInstants.parse(instant.toString())).isEqualTo(instant);
        }
        for (String other : List.of("2026-11-24T10:00:00+01:00", "2026-02-30T10:00:00Z", "2026-11-24T24:00:00Z",
                "2026-11-24T10:00:60Z", "2026-11-24 10:00:00Z", "+10000-01-01T00:00:00Z", "2026-11-24T10:00:00.Z",
                "2026-11-24T10:00:00.1234567890Z", "2026-1-24T10:00:00Z", "２026-11-24T10:00:00Z", "")) {
            assertThat(IsoInstants.parse(other)).as(other).isNull();
        }
    }

    /** Hostile or unusual bodies: whatever the codec makes of them, the decoder makes of them. */
    @Test
    void anyOtherBodyGivesWhatTheCodecGivesIncludingItsRefusal() {
        String metric = "{\"key\":\"loss\",\"value\":0.5,\"step\":1,\"timestamp\":\"2026-11-24T10:00:00Z\"}";
        String valid = "{\"run_id\":\"r1\",\"params\":[],\"metrics\":[" + metric + "],\"tags\":[],\"inputs\":[]}";
        List<String> bodies = List.of(
                valid,
                "{\"run_id\":\"r1\",\"params\":[],\"metrics\":[],\"tags\":[],\"inputs\":[],\"extra\":{\"x\":[1,2]}}",
                "{\"inputs\":[],\"tags\":[],\"metrics\":[],\"params\":[],\"run_id\":\"r1\"}",
                "{\"run_id\":\"r1\",\"run_id\":\"r2\",\"params\":[],\"metrics\":[],\"tags\":[],\"inputs\":[]}",
                "{\"run_id\":\"r1\",\"params\":[],\"metrics\":[],\"tags\":[]}",
                "{\"run_id\":null,\"params\":[],\"metrics\":[],\"tags\":[],\"inputs\":[]}",
                "{\"run_id\":\"r1\",\"params\":null,\"metrics\":[],\"tags\":[],\"inputs\":[]}",
                "{\"run_id\":7,\"params\":[],\"metrics\":[],\"tags\":[],\"inputs\":[]}",
                valid.replace("0.5", "\"0.5\""),
                valid.replace("0.5", "\"NaN\""),
                valid.replace("0.5", "\"-Infinity\""),
                valid.replace("0.5", "\"INF\""),
                valid.replace("0.5", "null"),
                valid.replace("0.5", "1e400"),
                valid.replace("0.5", "-0"),
                valid.replace("0.5", "-0.0"),
                valid.replace("\"step\":1", "\"step\":1.5"),
                valid.replace("\"step\":1", "\"step\":\"3\""),
                valid.replace("\"step\":1", "\"step\":92233720368547758070"),
                valid.replace("\"step\":1,", ""),
                valid.replace("2026-11-24T10:00:00Z", "2026-11-24T10:00:00+02:00"),
                valid.replace("2026-11-24T10:00:00Z", "2026-02-30T10:00:00Z"),
                valid.replace("\"2026-11-24T10:00:00Z\"", "1764000000000"),
                valid.replace("\"2026-11-24T10:00:00Z\"", "1764000000.5"),
                valid.replace("\"key\":\"loss\"", "\"key\":\"loss\",\"key\":\"acc\""),
                valid.replace("\"params\":[]", "\"params\":[{\"key\":\"a\",\"value\":\"b\",\"note\":1}]"),
                valid.replace("\"params\":[]", "\"params\":[{\"key\":\"a\"}]"),
                valid.replace("\"params\":[]", "\"params\":[{\"key\":\"a\",\"value\":5}]"),
                valid.replace("\"params\":[]", "\"params\":[null]"),
                valid.replace("\"inputs\":[]", "\"inputs\":[{\"name\":\"n\",\"sha256\":\"s\"}]"),
                valid.replace("\"inputs\":[]", "\"inputs\":[{\"name\":\"n\",\"sha256\":\"s\",\"source\":null,\"context\":null}]"),
                valid.replace("\"inputs\":[]", "\"inputs\":[{\"name\":\"n\",\"sha256\":\"s\",\"source\":1,\"context\":null}]"),
                valid + " trailing",
                valid + "{}",
                valid.substring(0, valid.length() - 5),
                "[]", "", "null", "{", "\"text\"", "{\"run_id\":\"r1\" \"params\":[]}");
        for (String text : bodies) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            assertThat(outcome(() -> RunDataDecoder.decode(RUN_DATA.name(), RUN_DATA.version(), body)))
                    .as(text).isEqualTo(outcome(() -> EventCodec.decode(RUN_DATA.name(), RUN_DATA.version(), body)));
        }
    }

    @Test
    void otherTypesAndVersionsAreLeftToTheCodec() {
        RunStarted started = new RunStarted("r".repeat(32), "e".repeat(32), "team", null, Instant.EPOCH, List.of(), null,
                null, null, null);
        EventTypes.Registration type = EventTypes.of(RunStarted.class);
        byte[] body = EventCodec.encode(started);
        assertThat(RunDataDecoder.decode(type.name(), type.version(), body)).isEqualTo(started);
        byte[] runData = EventCodec.encode(generated(new Random(1)));
        assertThat(outcome(() -> RunDataDecoder.decode(RUN_DATA.name(), RUN_DATA.version() + 1, runData)))
                .isEqualTo(outcome(() -> EventCodec.decode(RUN_DATA.name(), RUN_DATA.version() + 1, runData)));
        assertThat(outcome(() -> RunDataDecoder.decode("dev.modelregistry.unknown", 1, runData)))
                .isEqualTo(outcome(() -> EventCodec.decode("dev.modelregistry.unknown", 1, runData)));
    }

    /** The decoded event, or the refusal's class and message. */
    private static Object outcome(java.util.function.Supplier<Object> decode) {
        try {
            return decode.get();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
