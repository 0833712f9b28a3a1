package dev.modelregistry.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelregistry.events.model.ArtifactReference;
import dev.modelregistry.events.model.DataWindow;
import dev.modelregistry.events.model.Lineage;
import dev.modelregistry.events.model.ModelRegistered;
import dev.modelregistry.events.model.VersionDeleted;
import dev.modelregistry.events.model.VersionRegistered;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTest {

    static Stream<RegistryEvent> samples() {
        return Stream.concat(SampleEvents.full().stream(), SampleEvents.minimal().stream());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void every_event_reads_back_equal_to_what_was_written(RegistryEvent event) {
        EventTypes.Registration type = EventTypes.of(event.getClass());

        Object decoded = EventCodec.decode(type.name(), type.version(), EventCodec.encode(event));

        assertThat(decoded).isEqualTo(event);
    }

    @Test
    void the_samples_cover_every_published_type() {
        assertThat(SampleEvents.full()).extracting(e -> EventTypes.of(e.getClass()).name())
                .containsExactlyInAnyOrderElementsOf(EventTypes.all().stream().map(EventTypes.Registration::name).toList());
    }

    @Test
    void writes_snake_case_names_and_every_field_even_when_null() {
        String json = new String(EventCodec.encode(new ModelRegistered("m", null, "team", Map.of())), UTF_8);

        assertThat(json).isEqualTo("{\"model\":\"m\",\"description\":null,\"owner_team\":\"team\",\"tags\":{}}");
    }

    @Test
    void the_same_event_is_always_the_same_bytes_with_map_keys_sorted() {
        Map<String, String> insertionOrder = new LinkedHashMap<>();
        Map<String, String> hashOrder = new HashMap<>();
        for (String key : List.of("zeta", "alpha", "Mu", "beta", "_under", "a10", "a9")) {
            insertionOrder.put(key, key.toUpperCase());
            hashOrder.put(key, key.toUpperCase());
        }
        byte[] first = EventCodec.encode(new ModelRegistered("m", "d", "t", insertionOrder));
        byte[] second = EventCodec.encode(new ModelRegistered("m", "d", "t", hashOrder));

        assertThat(first).isEqualTo(second);
        assertThat(new String(first, UTF_8)).contains(
                "\"tags\":{\"Mu\":\"MU\",\"_under\":\"_UNDER\",\"a10\":\"A10\",\"a9\":\"A9\",\"alpha\":\"ALPHA\",\"beta\":\"BETA\",\"zeta\":\"ZETA\"}");
    }

    @Test
    void the_same_event_encodes_to_the_same_bytes_every_time() {
        for (RegistryEvent event : SampleEvents.full()) {
            assertThat(EventCodec.encode(event)).isEqualTo(EventCodec.encode(event));
        }
    }

    @Test
    void writes_instants_as_iso_8601_strings_in_utc() {
        Lineage lineage = new Lineage(null, null,
                new DataWindow(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-10-01T12:30:45.123456789Z")),
                null, null, null);
        JsonNode window = EventCodec.toTree(versionWith(lineage, Map.of())).at("/lineage/data_window");

        assertThat(window.get("from").isTextual()).isTrue();
        assertThat(window.get("from").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(window.get("to").asText()).isEqualTo("2026-10-01T12:30:45.123456789Z");
    }

    @Test
    void reads_times_with_an_offset_as_the_same_instant() {
        String json = "{\"model\":\"m\",\"version\":1,\"artifact\":{\"uri\":\"u\",\"sha256\":\"s\"},"
                + "\"lineage\":{\"data_window\":{\"from\":\"2026-01-01T01:00:00+01:00\",\"to\":\"2026-02-01T00:00:00Z\"}}}";

        VersionRegistered event = (VersionRegistered) EventCodec.decode("dev.modelregistry.version.registered", 1, json.getBytes(UTF_8));

        assertThat(event.lineage().dataWindow().from()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void writes_non_finite_metrics_as_strings_and_reads_them_back() {
        VersionRegistered event = versionWith(null, Map.of("a", Double.NaN, "b", Double.NEGATIVE_INFINITY, "c", 0.5));

        String json = new String(EventCodec.encode(event), UTF_8);

        assertThat(json).contains("\"metrics\":{\"a\":\"NaN\",\"b\":\"-Infinity\",\"c\":0.5}");
        assertThat(EventCodec.decode("dev.modelregistry.version.registered", 2, json.getBytes(UTF_8))).isEqualTo(event);
    }

    @Test
    void ignores_fields_it_does_not_know() {
        String json = "{\"model\":\"m\",\"version\":7,\"added_later\":{\"nested\":[1,2]},\"flag\":true}";

        assertThat(EventCodec.decode("dev.modelregistry.version.deleted", 1, json.getBytes(UTF_8)))
                .isEqualTo(new VersionDeleted("m", 7));
    }

    @Test
    void an_unknown_type_is_its_own_exception_whatever_the_body() {
        assertThatThrownBy(() -> EventCodec.decode("dev.modelregistry.model.renamed", 1, "{}".getBytes(UTF_8)))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessage("unknown event type: dev.modelregistry.model.renamed");
        assertThatThrownBy(() -> EventCodec.decode("dev.modelregistry.model.renamed", 1, "not json".getBytes(UTF_8)))
                .isInstanceOf(UnknownEventTypeException.class);
    }

    @Test
    void a_body_that_is_not_a_json_object_is_a_clear_error() {
        String type = "dev.modelregistry.version.deleted";

        assertThatThrownBy(() -> EventCodec.decode(type, 1, "[{\"model\":\"m\"}]".getBytes(UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessage("event body of dev.modelregistry.version.deleted v1 is not a JSON object but array");
        assertThatThrownBy(() -> EventCodec.decode(type, 1, "\"text\"".getBytes(UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("is not a JSON object but string");
        assertThatThrownBy(() -> EventCodec.decode(type, 1, "{\"model\":".getBytes(UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> EventCodec.decode(type, 1, new byte[0]))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("is empty");
        // still an IllegalArgumentException, as the first version of the codec threw
        assertThatThrownBy(() -> EventCodec.decode(type, 1, "null".getBytes(UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_field_of_the_wrong_shape_is_named_in_the_error() {
        assertThatThrownBy(() -> EventCodec.decode("dev.modelregistry.version.stage-transitioned", 1,
                "{\"model\":\"m\",\"version\":1,\"from\":\"Staging\",\"to\":\"production\"}".getBytes(UTF_8)))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("at /to");
        assertThatThrownBy(() -> EventCodec.decode("dev.modelregistry.version.deleted", 1,
                "{\"model\":\"m\"}".getBytes(UTF_8)))
                .as("a missing version number is not read as 0")
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("at /version");
    }

    private static VersionRegistered versionWith(Lineage lineage, Map<String, Double> metrics) {
        return new VersionRegistered("m", 1, new ArtifactReference("u", "s"), null,
                null, null, null, metrics, null, null, lineage, null);
    }

    @Test
    void non_finite_metric_points_are_written_as_the_strings_nan_and_infinity_and_read_back() {
        java.time.Instant at = java.time.Instant.parse("2026-11-01T10:00:00Z");
        var event = new dev.modelregistry.events.tracking.RunDataLogged("r", List.of(), List.of(
                new dev.modelregistry.events.tracking.MetricPoint("a", Double.NaN, 0, at),
                new dev.modelregistry.events.tracking.MetricPoint("b", Double.POSITIVE_INFINITY, 1, at),
                new dev.modelregistry.events.tracking.MetricPoint("c", Double.NEGATIVE_INFINITY, 2, at)),
                List.of(), List.of());

        String json = new String(EventCodec.encode(event), UTF_8);

        assertThat(json).contains("\"value\":\"NaN\"", "\"value\":\"Infinity\"", "\"value\":\"-Infinity\"");
        var decoded = (dev.modelregistry.events.tracking.RunDataLogged) EventCodec.decode(
                "dev.modelregistry.run.data-logged", 1, json.getBytes(UTF_8));
        assertThat(decoded.metrics()).extracting(dev.modelregistry.events.tracking.MetricPoint::value)
                .containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
    }
}
