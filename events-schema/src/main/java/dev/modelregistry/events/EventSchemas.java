package dev.modelregistry.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The JSON Schema (draft 2020-12) documents of the published events, shipped in this jar so that a
 * service can serve them and consumers in other languages can validate or generate code from them.
 * Their {@code $id} is the {@code ce_dataschema} URN of the type and version.
 */
public final class EventSchemas {

    private static final String ROOT = "schemas/";

    private EventSchemas() {
    }

    /** Class-path location of the schema of {@code typeName} at {@code version}, for example {@code schemas/dev.modelregistry.model.registered/v1.schema.json}. */
    public static String resourceName(String typeName, int version) {
        return ROOT + typeName + "/v" + version + ".schema.json";
    }

    /** The schema document, or empty when this code base has none for that type and version. */
    public static Optional<byte[]> read(String typeName, int version) {
        try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(resourceName(typeName, version))) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("schema of " + typeName + " v" + version + " is not readable", e);
        }
    }
}
