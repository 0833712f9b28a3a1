package dev.modelregistry.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * TEST FIXTURE, not a production upcaster: a pretend version 0 of {@code model.registered} that
 * called {@code model} "name" and {@code owner_team} "owner". It shows what a real upcaster looks
 * like and lets the tests run the chain end to end while the production chain is still empty.
 */
final class ModelRegisteredV0ToV1 implements Upcasters.Upcaster {

    static final String TYPE = "dev.modelregistry.model.registered";

    @Override
    public String typeName() {
        return TYPE;
    }

    @Override
    public int fromVersion() {
        return 0;
    }

    @Override
    public ObjectNode upcast(ObjectNode event) {
        rename(event, "name", "model");
        rename(event, "owner", "owner_team");
        return event;
    }

    private static void rename(ObjectNode event, String from, String to) {
        if (event.has(from)) {
            event.set(to, event.remove(from));
        }
    }
}
