package dev.modelregistry.command.eventstore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelregistry.events.EventTypes;
import dev.modelregistry.events.Upcasters;
import java.util.function.Function;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Adapts the events-schema {@link Upcasters} chain to Axon: an event stored under an older schema
 * version of a known type is lifted to the current version (in one step through the whole chain) before
 * it is deserialized, so aggregates, the publisher and replays only ever see current records. A stored
 * event without a revision counts as version 1.
 */
public final class RegistryEventUpcaster extends SingleEventUpcaster {

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        SerializedType type = representation.getType();
        return EventTypes.isKnown(type.getName())
                && revision(type) < EventTypes.byName(type.getName()).version();
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        String name = representation.getType().getName();
        int from = revision(representation.getType());
        int to = EventTypes.byName(name).version();
        return representation.upcast(new SimpleSerializedType(name, Integer.toString(to)), ObjectNode.class,
                json -> Upcasters.upcast(name, from, to, json), Function.identity());
    }

    static int revision(SerializedType type) {
        String revision = type.getRevision();
        if (revision == null || revision.isBlank()) {
            return 1;
        }
        try {
            return Integer.parseInt(revision.trim());
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
