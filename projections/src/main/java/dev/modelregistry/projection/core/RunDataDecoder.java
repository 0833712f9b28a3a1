package dev.modelregistry.projection.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.modelregistry.events.EventCodec;
import dev.modelregistry.events.EventTypes;
import dev.modelregistry.events.IsoInstants;
import dev.modelregistry.events.tracking.DatasetInput;
import dev.modelregistry.events.tracking.MetricPoint;
import dev.modelregistry.events.tracking.Param;
import dev.modelregistry.events.tracking.RunDataLogged;
import dev.modelregistry.events.tracking.Tag;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A body decoder ({@link dev.modelregistry.events.EventEnvelope.PayloadDecoder}) that reads
 * {@link RunDataLogged} (up to 1,000 metric points an event, most of a tracking replay's decoding) with
 * Jackson's streaming parser straight into the records, instead of data binding; every other type,
 * and any body not in exactly the form {@link EventCodec} writes (another schema version, an unknown or
 * repeated field, a missing or null one, a number as text, a time in another form), goes to
 * {@link EventCodec#decode}: the same event, or the same refusal, either way.
 */
public final class RunDataDecoder {

    private static final EventTypes.Registration RUN_DATA = EventTypes.of(RunDataLogged.class);
    /**
     * The codec's own factory, with the fast double parser: like the JDK's it gives the correctly rounded
     * double of the text, so the same value the codec's data binding reads (the test compares them).
     */
    private static final JsonFactory JSON = EventCodec.objectMapper().getFactory().rebuild()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    private RunDataDecoder() {
    }

    public static Object decode(String typeName, int schemaVersion, byte[] body) {
        if (RUN_DATA.name().equals(typeName) && schemaVersion == RUN_DATA.version() && body != null) {
            RunDataLogged event = runData(body);
            if (event != null) {
                return event;
            }
        }
        return EventCodec.decode(typeName, schemaVersion, body);
    }

    /** The event, or null when the body is not in the codec's own form (then the codec decides). */
    static RunDataLogged runData(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String runId = null;
            List<Param> params = null;
            List<MetricPoint> metrics = null;
            List<Tag> tags = null;
            List<DatasetInput> inputs = null;
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "run_id" -> {
                        if (runId != null || (runId = text(parser)) == null) {
                            return null;
                        }
                    }
                    case "params" -> {
                        if (params != null || (params = pairs(parser, Param::new)) == null) {
                            return null;
                        }
                    }
                    case "metrics" -> {
                        if (metrics != null || (metrics = metrics(parser)) == null) {
                            return null;
                        }
                    }
                    case "tags" -> {
                        if (tags != null || (tags = pairs(parser, Tag::new)) == null) {
                            return null;
                        }
                    }
                    case "inputs" -> {
                        if (inputs != null || (inputs = inputs(parser)) == null) {
                            return null;
                        }
                    }
                    default -> {
                        return null;
                    }
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null || runId == null || params == null
                    || metrics == null || tags == null || inputs == null) {
                return null;
            }
            return new RunDataLogged(runId, params, metrics, tags, inputs);
        } catch (IOException | RuntimeException e) {
            return null; // not JSON, or not this form: the codec says what is wrong
        }
    }

    /** An array of {@code {"key", "value"}} objects (params, tags), each made into {@code T}. */
    private static <T> List<T> pairs(JsonParser parser, BiFunction<String, String, T> of) throws IOException {
        if (!parser.hasToken(JsonToken.START_ARRAY)) {
            return null;
        }
        List<T> pairs = new ArrayList<>();
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            String[] pair = pair(parser, "key", "value");
            if (pair == null) {
                return null;
            }
            pairs.add(of.apply(pair[0], pair[1]));
        }
        return parser.hasToken(JsonToken.END_ARRAY) ? pairs : null;
    }

    /** An object of exactly two non-null string fields {@code a} and {@code b}, in any order. */
    private static String[] pair(JsonParser parser, String a, String b) throws IOException {
        String[] pair = new String[2];
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            int at = field.equals(a) ? 0 : field.equals(b) ? 1 : -1;
            if (at < 0 || pair[at] != null || (pair[at] = text(parser)) == null) {
                return null;
            }
        }
        return parser.hasToken(JsonToken.END_OBJECT) && pair[0] != null && pair[1] != null ? pair : null;
    }

    private static List<DatasetInput> inputs(JsonParser parser) throws IOException {
        if (!parser.hasToken(JsonToken.START_ARRAY)) {
            return null;
        }
        List<DatasetInput> inputs = new ArrayList<>();
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            // name and sha256 always written as text; source and context text or null
            String[] values = new String[4];
            boolean[] seen = new boolean[4];
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                int at = switch (field) {
                    case "name" -> 0;
                    case "sha256" -> 1;
                    case "source" -> 2;
                    case "context" -> 3;
                    default -> -1;
                };
                if (at < 0 || seen[at]) {
                    return null;
                }
                seen[at] = true;
                if (at >= 2 && parser.hasToken(JsonToken.VALUE_NULL)) {
                    continue;
                }
                if ((values[at] = text(parser)) == null) {
                    return null;
                }
            }
            if (!parser.hasToken(JsonToken.END_OBJECT) || !(seen[0] && seen[1] && seen[2] && seen[3])) {
                return null;
            }
            inputs.add(new DatasetInput(values[0], values[1], values[2], values[3]));
        }
        return parser.hasToken(JsonToken.END_ARRAY) ? inputs : null;
    }

    private static List<MetricPoint> metrics(JsonParser parser) throws IOException {
        if (!parser.hasToken(JsonToken.START_ARRAY)) {
            return null;
        }
        List<MetricPoint> metrics = new ArrayList<>();
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            String key = null;
            double value = 0;
            long step = 0;
            Instant timestamp = null;
            int seen = 0;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                int bit;
                switch (field) {
                    case "key" -> {
                        bit = 1;
                        key = text(parser);
                        if (key == null) {
                            return null;
                        }
                    }
                    case "value" -> {
                        bit = 2;
                        if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
                            value = parser.getDoubleValue();
                        } else if (token == JsonToken.VALUE_STRING) {
                            switch (parser.getText()) {
                                case "NaN" -> value = Double.NaN;
                                case "Infinity" -> value = Double.POSITIVE_INFINITY;
                                case "-Infinity" -> value = Double.NEGATIVE_INFINITY;
                                default -> {
                                    return null;
                                }
                            }
                        } else {
                            return null;
                        }
                    }
                    case "step" -> {
                        bit = 4;
                        if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                            return null;
                        }
                        step = parser.getLongValue();
                    }
                    case "timestamp" -> {
                        bit = 8;
                        String text = text(parser);
                        if (text == null || (timestamp = IsoInstants.parse(text)) == null) {
                            return null;
                        }
                    }
                    default -> {
                        return null;
                    }
                }
                if ((seen & bit) != 0) {
                    return null;
                }
                seen |= bit;
            }
            if (!parser.hasToken(JsonToken.END_OBJECT) || seen != 15) {
                return null;
            }
            metrics.add(new MetricPoint(key, value, step, timestamp));
        }
        return parser.hasToken(JsonToken.END_ARRAY) ? metrics : null;
    }

    /** The current token's text if it is a string, else null. */
    private static String text(JsonParser parser) throws IOException {
        return parser.hasToken(JsonToken.VALUE_STRING) ? parser.getText() : null;
    }
}
