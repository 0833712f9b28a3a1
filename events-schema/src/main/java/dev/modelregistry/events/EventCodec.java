package dev.modelregistry.events;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * The one JSON form of every event, used by the event store serializer, the Kafka publisher and
 * every consumer: snake_case, ISO-8601 times, map entries sorted by key (the same event is always
 * the same bytes), unknown fields ignored (a consumer on an older schema version keeps working
 * when a field is added).
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            // registered after JavaTimeModule, so it takes precedence for Instant (it falls back to it)
            .addModule(new SimpleModule("registry-instants").addDeserializer(Instant.class, IsoInstants.deserializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // The records already hold sorted maps; this keeps the bytes stable for one that forgets.
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // The codec always writes every field: a missing version number is corruption, not 0.
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    private EventCodec() {
    }

    /** A copy of the configured mapper, for serializers (Axon) that need an {@link ObjectMapper}. */
    public static ObjectMapper objectMapper() {
        return MAPPER.copy();
    }

    public static byte[] encode(Object event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event cannot be written as JSON: " + event.getClass().getSimpleName(), e);
        }
    }

    public static JsonNode toTree(Object event) {
        return MAPPER.valueToTree(event);
    }

    /**
     * Reads an event published under {@code typeName} at {@code schemaVersion}, upcasting it to the
     * current version of its record first.
     *
     * @throws UnknownEventTypeException when the type is not one of {@link EventTypes}
     * @throws UnsupportedEventVersionException when the version is newer than this code base
     * @throws MalformedEventException when the body is not a JSON object of that type
     */
    public static Object decode(String typeName, int schemaVersion, byte[] json) {
        return decode(typeName, schemaVersion, json, Upcasters.production());
    }

    /** {@link #decode(String, int, byte[])} with another upcaster chain (tests, migration tools). */
    public static Object decode(String typeName, int schemaVersion, byte[] json, Upcasters.Chain upcasters) {
        Objects.requireNonNull(upcasters, "upcasters");
        // The type first: an unknown type is a different failure (a newer producer) from a bad body.
        EventTypes.Registration current = EventTypes.byName(typeName);
        if (schemaVersion > current.version()) {
            throw new UnsupportedEventVersionException(typeName, schemaVersion, current.version());
        }
        String what = typeName + " v" + schemaVersion;
        if (json == null || json.length == 0) {
            throw new MalformedEventException("event body of " + what + " is empty");
        }
        if (schemaVersion == current.version() && startsAsObject(json)) {
            // nothing to upcast: bind the bytes straight to the record (reading a tree first and binding
            // the tree cost twice as much; decoding is the largest cost of a projection's replay)
            try {
                return MAPPER.readValue(json, current.recordClass());
            } catch (JsonParseException e) {
                throw notJson(what, e);
            } catch (JsonProcessingException e) {
                throw mismatch(what, current, e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw notJson(what, e);
        } catch (IOException e) {
            // Reading a byte array does no I/O; Jackson's signature declares it anyway.
            throw new UncheckedIOException(e);
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new MalformedEventException("event body of " + what + " is not a JSON object but "
                    + (tree == null ? "nothing" : tree.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        ObjectNode upcast = upcasters.upcast(typeName, schemaVersion, current.version(), object);
        try {
            return MAPPER.treeToValue(upcast, current.recordClass());
        } catch (JsonProcessingException e) {
            throw mismatch(what, current, e);
        }
    }

    private static MalformedEventException notJson(String what, JsonProcessingException e) {
        return new MalformedEventException("event body of " + what + " is not JSON: " + e.getOriginalMessage(), e);
    }

    private static MalformedEventException mismatch(String what, EventTypes.Registration type, JsonProcessingException e) {
        return new MalformedEventException("event body of " + what + " does not match "
                + type.recordClass().getSimpleName() + at(e) + ": " + e.getOriginalMessage(), e);
    }

    /** Whether the first non-blank byte opens a JSON object (anything else takes the tree path and its messages). */
    private static boolean startsAsObject(byte[] json) {
        for (byte b : json) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b == '{';
            }
        }
        return false;
    }

    /** Where in the body a mapping failed, as a JSON pointer, so the message names the field at fault. */
    private static String at(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return "";
        }
        StringBuilder pointer = new StringBuilder(" at ");
        for (JsonMappingException.Reference reference : mapping.getPath()) {
            pointer.append('/').append(reference.getFieldName() != null ? reference.getFieldName() : reference.getIndex());
        }
        return pointer.toString();
    }
}
