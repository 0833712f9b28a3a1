package dev.modelregistry.command.eventstore;

import dev.modelregistry.events.EventCodec;
import dev.modelregistry.events.EventTypes;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.serialization.ChainingConverter;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon's Jackson serializer with the events-schema codec's {@code ObjectMapper}, so that the event
 * store holds exactly the JSON every consumer reads, and with stable type names: a published event is
 * stored as its {@code @EventType} name ({@code payload_type}) and schema version
 * ({@code payload_revision}), never as a Java class name, so records can be moved or renamed without
 * touching history. Everything else (snapshots, tokens, meta data) keeps Axon's class-name typing.
 */
public final class RegistrySerializer extends JacksonSerializer {

    private final Map<Class<?>, EventTypes.Registration> byClass;

    private RegistrySerializer(Builder builder) {
        super(builder);
        this.byClass = EventTypes.all().stream()
                .collect(Collectors.toUnmodifiableMap(EventTypes.Registration::recordClass, Function.identity()));
    }

    public static RegistrySerializer create() {
        return new RegistrySerializer(JacksonSerializer.builder()
                .objectMapper(EventCodec.objectMapper())
                .converter(new ChainingConverter(RegistrySerializer.class.getClassLoader())));
    }

    @Override
    public SerializedType typeForClass(Class type) {
        EventTypes.Registration registration = type == null ? null : byClass.get(type);
        if (registration != null) {
            return new SimpleSerializedType(registration.name(), Integer.toString(registration.version()));
        }
        return super.typeForClass(type);
    }

    @Override
    public Class classForType(SerializedType type) {
        if (EventTypes.isKnown(type.getName())) {
            return EventTypes.byName(type.getName()).recordClass();
        }
        return super.classForType(type);
    }
}
