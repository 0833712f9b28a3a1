package dev.modelregistry.command.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.events.model.ManifestFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestDocumentTest {

    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);

    @Test
    void files_sorted_by_path_members_in_order_no_white_space() {
        byte[] document = ManifestDocument.of(List.of(new ManifestFile("model.pkl", A, 10L),
                new ManifestFile("conda.yaml", B, 2L)));
        assertThat(new String(document, StandardCharsets.UTF_8)).isEqualTo("{\"files\":["
                + "{\"path\":\"conda.yaml\",\"sha256\":\"" + B + "\",\"size\":2},"
                + "{\"path\":\"model.pkl\",\"sha256\":\"" + A + "\",\"size\":10}]}");
    }

    @Test
    void the_same_files_in_any_order_give_the_same_bytes_and_digest() throws Exception {
        List<ManifestFile> files = List.of(new ManifestFile("b/x.bin", A, 1L), new ManifestFile("a.txt", B, 0L),
                new ManifestFile("b/a.bin", A, 1L));
        byte[] one = ManifestDocument.of(files);
        byte[] other = ManifestDocument.of(files.reversed());
        assertThat(one).isEqualTo(other);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(one)))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(other)));
    }

    @Test
    void non_ascii_paths_are_written_as_utf8_and_only_quote_and_backslash_are_escaped() {
        byte[] document = ManifestDocument.of(List.of(new ManifestFile("données/mödel \"v1\".pkl", A, 1L)));
        assertThat(new String(document, StandardCharsets.UTF_8))
                .contains("\"path\":\"données/mödel \\\"v1\\\".pkl\"");
    }

    @Test
    void paths_sort_by_utf16_code_units_as_json_canonicalization_orders_keys() {
        byte[] document = ManifestDocument.of(List.of(new ManifestFile("é.bin", A, 1L),
                new ManifestFile("z.bin", A, 1L), new ManifestFile("Z.bin", A, 1L)));
        String text = new String(document, StandardCharsets.UTF_8);
        assertThat(text.indexOf("Z.bin")).isLessThan(text.indexOf("z.bin"));
        assertThat(text.indexOf("z.bin")).isLessThan(text.indexOf("é.bin"));
    }

    @Test
    void an_unknown_size_is_null() {
        assertThat(new String(ManifestDocument.of(List.of(new ManifestFile("model", A, null))), StandardCharsets.UTF_8))
                .isEqualTo("{\"files\":[{\"path\":\"model\",\"sha256\":\"" + A + "\",\"size\":null}]}");
    }
}
