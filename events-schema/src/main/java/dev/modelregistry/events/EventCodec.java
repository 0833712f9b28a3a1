package dev.modelregistry.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON form of every event, used by the event store serializer, the Kafka publisher and
 * every consumer: snake_case, ISO-8601 times, unknown fields ignored (a consumer on an older
 * schema version keeps working when a field is added).
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
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
     */
    public static Object decode(String typeName, int schemaVersion, byte[] json) {
        try {
            JsonNode tree = MAPPER.readTree(json);
            if (!(tree instanceof ObjectNode object)) {
                throw new IllegalArgumentException("event body of " + typeName + " is not a JSON object");
            }
            EventTypes.Registration current = EventTypes.byName(typeName);
            ObjectNode upcast = Upcasters.upcast(typeName, schemaVersion, current.version(), object);
            return MAPPER.treeToValue(upcast, current.recordClass());
        } catch (IOException e) {
            throw new UncheckedIOException("event body of " + typeName + " v" + schemaVersion + " is not readable", e);
        }
    }
}
