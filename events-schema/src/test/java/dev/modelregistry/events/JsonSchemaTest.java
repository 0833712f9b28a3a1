package dev.modelregistry.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published JSON Schemas against the codec: what the codec writes must be valid, must use no
 * property the schema does not declare, and what the schema accepts must not be vacuous.
 */
class JsonSchemaTest {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    // format is only an annotation in 2020-12 unless asserted; consumers that assert it must not fail.
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    static Stream<RegistryEvent> samples() {
        return Stream.concat(SampleEvents.full().stream(), SampleEvents.minimal().stream());
    }

    @Test
    void every_published_version_of_every_type_has_a_schema_whose_id_is_its_data_schema() {
        for (EventTypes.Registration type : EventTypes.all()) {
            for (int version = 1; version <= type.version(); version++) {
                String resource = EventSchemas.resourceName(type.name(), version);
                assertThat(EventSchemas.read(type.name(), version)).as("schema %s", resource).isPresent();
                assertThat(schemaDocument(type.name(), version).path("$id").asText()).as("$id of %s", resource)
                        .isEqualTo(CloudEventHeaders.dataSchema(type.name(), version));
            }
        }
    }

    @Test
    void there_is_no_schema_for_a_type_or_version_this_code_base_does_not_publish() {
        for (String file : TestResources.filesUnder("schemas")) {
            String typeName = file.substring(0, file.indexOf('/'));
            assertThat(EventTypes.isKnown(typeName)).as("%s names a published type (types are never renamed)", file).isTrue();
            assertThat(file).matches(".+/v[1-9][0-9]*\\.schema\\.json");
            int version = Integer.parseInt(file.replaceAll(".+/v([0-9]+)\\.schema\\.json", "$1"));
            assertThat(version).as(file).isLessThanOrEqualTo(EventTypes.byName(typeName).version());
        }
    }

    @Test
    void every_schema_is_a_valid_draft_2020_12_schema() {
        JsonSchema metaSchema = FACTORY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"), CONFIG);
        for (EventTypes.Registration type : EventTypes.all()) {
            for (int version = 1; version <= type.version(); version++) {
                JsonNode document = schemaDocument(type.name(), version);
                assertThat(document.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
                assertThat(metaSchema.validate(document)).as("%s v%d against the meta-schema", type.name(), version).isEmpty();
                assertThat(document.path("additionalProperties").asBoolean(false))
                        .as("%s v%d allows added properties (forward compatibility)", type.name(), version).isTrue();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void what_the_codec_writes_is_valid_against_the_schema_of_its_current_version(RegistryEvent event) {
        EventTypes.Registration type = EventTypes.of(event.getClass());
        JsonNode json = EventCodec.toTree(event);

        assertThat(schema(type.name(), type.version()).validate(json)).as("%s", json).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void the_schema_declares_every_property_the_codec_writes(RegistryEvent event) {
        EventTypes.Registration type = EventTypes.of(event.getClass());
        JsonNode json = EventCodec.toTree(event);

        assertThat(strictSchema(type.name(), type.version()).validate(json))
                .as("properties written by the codec but missing from the schema of %s", type.name()).isEmpty();
    }

    @Test
    void every_golden_file_is_valid_against_the_schema_of_its_version() throws IOException {
        for (String file : TestResources.filesUnder("golden")) {
            String typeName = file.substring(0, file.indexOf('/'));
            int version = Integer.parseInt(file.replaceAll(".+/v([0-9]+)\\.json", "$1"));
            JsonNode json = EventCodec.objectMapper().readTree(TestResources.read("golden/" + file));
            assertThat(strictSchema(typeName, version).validate(json)).as(file).isEmpty();
        }
    }

    @Test
    void the_schemas_reject_what_the_codec_would_never_write() {
        assertThat(errors("dev.modelregistry.version.stage-transitioned",
                "{\"model\":\"m\",\"version\":1,\"from\":\"Staging\",\"to\":\"production\"}")).anyMatch(e -> e.contains("/to"));
        assertThat(errors("dev.modelregistry.version.deleted", "{\"model\":\"m\"}")).anyMatch(e -> e.contains("version"));
        assertThat(errors("dev.modelregistry.version.deleted", "{\"model\":\"m\",\"version\":0}")).isNotEmpty();
        assertThat(errors("dev.modelregistry.version.deleted", "{\"model\":null,\"version\":1}")).isNotEmpty();
        assertThat(errors("dev.modelregistry.model.registered",
                "{\"model\":\"m\",\"description\":null,\"owner_team\":null,\"tags\":{\"k\":1}}")).anyMatch(e -> e.contains("/tags/k"));
        String version = "{\"model\":\"m\",\"version\":1,\"artifact\":{\"uri\":\"u\",\"sha256\":\"%s\"},\"framework\":null,"
                + "\"framework_version\":null,\"params\":{},\"metrics\":%s,\"description\":null,\"tags\":{},"
                + "\"lineage\":%s,\"lineage_hash\":null}";
        String sha = SampleEvents.ARTIFACT_SHA;
        assertThat(errors("dev.modelregistry.version.registered", version.formatted(sha.toUpperCase(), "{}", "null")))
                .anyMatch(e -> e.contains("/artifact/sha256"));
        assertThat(errors("dev.modelregistry.version.registered", version.formatted(sha, "{\"auc\":\"high\"}", "null")))
                .anyMatch(e -> e.contains("/metrics/auc"));
        assertThat(errors("dev.modelregistry.version.registered", version.formatted(sha, "{}",
                "{\"code_commit\":null,\"feature_graph_hash\":null,\"data_window\":{\"from\":\"yesterday\",\"to\":\"2026-01-01T00:00:00Z\"},"
                        + "\"datasets\":[],\"run_id\":null,\"parents\":[]}")))
                .anyMatch(e -> e.contains("/lineage/data_window/from"));
        // access events: roles are the lower-case labels, names follow the registry's rules, and no secret fits
        assertThat(errors("dev.modelregistry.namespace.role-granted",
                "{\"namespace\":\"fraud\",\"principal\":\"alice\",\"role\":\"DEPLOYER\"}")).anyMatch(e -> e.contains("/role"));
        assertThat(errors("dev.modelregistry.access.global-role-granted",
                "{\"principal\":\"alice\",\"role\":\"deployer\"}")).anyMatch(e -> e.contains("/role"));
        assertThat(errors("dev.modelregistry.user.created",
                "{\"username\":\"Alice\",\"display_name\":null}")).anyMatch(e -> e.contains("/username"));
        assertThat(errors("dev.modelregistry.namespace.created",
                "{\"namespace\":\"a.b\",\"description\":null}")).anyMatch(e -> e.contains("/namespace"));
        assertThat(errors("dev.modelregistry.user.api-token-issued",
                "{\"username\":\"ci\",\"token_id\":\"a_b\",\"name\":\"n\",\"expires_at\":null}"))
                .anyMatch(e -> e.contains("/token_id"));
        // and forward compatibility: an added property is accepted
        assertThat(errors("dev.modelregistry.version.deleted", "{\"model\":\"m\",\"version\":1,\"added_later\":true}")).isEmpty();
    }

    private static List<String> errors(String typeName, String json) {
        try {
            Set<ValidationMessage> messages = schema(typeName, EventTypes.byName(typeName).version())
                    .validate(EventCodec.objectMapper().readTree(json));
            return messages.stream().map(ValidationMessage::toString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode schemaDocument(String typeName, int version) {
        try {
            return EventCodec.objectMapper().readTree(EventSchemas.read(typeName, version).orElseThrow());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonSchema schema(String typeName, int version) {
        return FACTORY.getSchema(schemaDocument(typeName, version), CONFIG);
    }

    /** The schema with every declared object closed, so that an undeclared property is an error. */
    private static JsonSchema strictSchema(String typeName, int version) {
        ObjectNode document = (ObjectNode) schemaDocument(typeName, version);
        document.put("$id", document.path("$id").asText() + ":strict");
        close(document);
        return FACTORY.getSchema(document, CONFIG);
    }

    private static void close(JsonNode node) {
        if (node instanceof ObjectNode object && object.has("properties")) {
            object.put("additionalProperties", false);
        }
        List<JsonNode> children = new ArrayList<>();
        node.elements().forEachRemaining(children::add);
        children.forEach(JsonSchemaTest::close);
    }
}
