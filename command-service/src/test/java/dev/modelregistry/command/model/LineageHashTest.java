package dev.modelregistry.command.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.events.model.DataWindow;
import dev.modelregistry.events.model.DatasetReference;
import dev.modelregistry.events.model.Lineage;
import dev.modelregistry.events.model.VersionReference;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LineageHashTest {

    static final DataWindow WINDOW =
            new DataWindow(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z"));
    static final Lineage LINEAGE = new Lineage("abc123", "fg-1", WINDOW, List.of(), "run-1", List.of());

    @Test
    void same_inputs_give_the_same_hash() {
        Map<String, String> params = Map.of("depth", "6", "lr", "0.1");
        Lineage copy = new Lineage("abc123", "fg-1",
                new DataWindow(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z")),
                List.of(), "run-1", List.of());
        assertThat(LineageHash.of(LINEAGE, params)).isEqualTo(LineageHash.of(copy, new TreeMap<>(params)));
    }

    @Test
    void param_order_does_not_matter() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("a", "1");
        one.put("b", "2");
        Map<String, String> other = new LinkedHashMap<>();
        other.put("b", "2");
        other.put("a", "1");
        assertThat(LineageHash.of(LINEAGE, one)).isEqualTo(LineageHash.of(LINEAGE, other));
    }

    @Test
    void a_different_feature_graph_is_a_different_model() {
        Lineage otherGraph = new Lineage("abc123", "fg-2", WINDOW, List.of(), "run-1", List.of());
        assertThat(LineageHash.of(LINEAGE, Map.of())).isNotEqualTo(LineageHash.of(otherGraph, Map.of()));
    }

    @Test
    void code_data_window_and_params_all_count() {
        String base = LineageHash.of(LINEAGE, Map.of("depth", "6"));
        assertThat(LineageHash.of(new Lineage("abc124", "fg-1", WINDOW, List.of(), null, List.of()), Map.of("depth", "6")))
                .isNotEqualTo(base);
        assertThat(LineageHash.of(new Lineage("abc123", "fg-1",
                new DataWindow(WINDOW.from(), Instant.parse("2026-02-02T00:00:00Z")), List.of(), null, List.of()),
                Map.of("depth", "6"))).isNotEqualTo(base);
        assertThat(LineageHash.of(LINEAGE, Map.of("depth", "7"))).isNotEqualTo(base);
        assertThat(LineageHash.of(LINEAGE, Map.of("depth", "6", "x", "1"))).isNotEqualTo(base);
    }

    @Test
    void datasets_run_and_parents_do_not_count() {
        Lineage richer = new Lineage("abc123", "fg-1", WINDOW, List.of(new DatasetReference("tx", "b".repeat(64))),
                "run-2", List.of(new VersionReference("other", 1)));
        assertThat(LineageHash.of(richer, Map.of())).isEqualTo(LineageHash.of(LINEAGE, Map.of()));
    }

    @Test
    void the_canonical_document_is_documented_exactly() {
        assertThat(LineageHash.canonicalJson(LINEAGE, Map.of("z", "1", "a", "q\"\n")))
                .isEqualTo("{\"code_commit\":\"abc123\",\"data_window\":{\"from\":\"2026-01-01T00:00:00Z\","
                        + "\"to\":\"2026-02-01T00:00:00Z\"},\"feature_graph_hash\":\"fg-1\","
                        + "\"params\":{\"a\":\"q\\\"\\n\",\"z\":\"1\"}}");
        assertThat(LineageHash.canonicalJson(null, null))
                .isEqualTo("{\"code_commit\":null,\"data_window\":null,\"feature_graph_hash\":null,\"params\":{}}");
    }

    @Test
    void a_known_value_never_changes() {
        // SHA-256 of the empty-lineage document above; a change here breaks every stored lineage_hash
        assertThat(LineageHash.of(null, Map.of()))
                .isEqualTo(sha256("{\"code_commit\":null,\"data_window\":null,\"feature_graph_hash\":null,\"params\":{}}"))
                .hasSize(64)
                .matches("[0-9a-f]{64}");
    }

    @Test
    void equal_instants_written_differently_hash_the_same() {
        Lineage utc = new Lineage("c", "g", new DataWindow(Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-02T00:00:00Z")), List.of(), null, List.of());
        Lineage offset = new Lineage("c", "g", new DataWindow(
                java.time.OffsetDateTime.parse("2026-01-01T01:00:00+01:00").toInstant(),
                Instant.parse("2026-01-02T00:00:00.000Z")), List.of(), null, List.of());
        assertThat(LineageHash.of(utc, Map.of())).isEqualTo(LineageHash.of(offset, Map.of()));
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
