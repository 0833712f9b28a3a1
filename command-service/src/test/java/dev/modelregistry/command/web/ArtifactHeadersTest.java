package dev.modelregistry.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.command.web.ArtifactHeaders.Expected;
import dev.modelregistry.command.web.RequestRejected.FieldProblem;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ArtifactHeadersTest {

    static final String HEX = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String BASE64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(HEX));

    private final ArtifactHeaders headers = new ArtifactHeaders();

    private FieldProblem onlyProblem() {
        assertThat(headers.problems()).hasSize(1);
        return headers.problems().getFirst();
    }

    @Test
    void each_digest_header_form_gives_the_same_lower_case_hex() {
        assertThat(headers.expectedDigest(HEX.toUpperCase(), null, null, null)).isEqualTo(new Expected(HEX, "X-Artifact-Sha256"));
        assertThat(headers.expectedDigest(null, "sha-256=:" + BASE64 + ":", null, null)).isEqualTo(new Expected(HEX, "Repr-Digest"));
        assertThat(headers.expectedDigest(null, null, "sha-512=:AAAA:, sha-256=:" + BASE64 + ":", null))
                .isEqualTo(new Expected(HEX, "Content-Digest"));
        assertThat(headers.expectedDigest(null, null, null, "MD5=abcd, SHA-256=" + BASE64)).isEqualTo(new Expected(HEX, "Digest"));
        assertThat(headers.problems()).isEmpty();
    }

    @Test
    void no_digest_header_expects_nothing() {
        assertThat(headers.expectedDigest(null, null, null, null)).isEqualTo(new Expected(null, null));
        assertThat(headers.problems()).isEmpty();
    }

    @Test
    void digest_headers_that_disagree_are_refused() {
        headers.expectedDigest(HEX, "sha-256=:" + Base64.getEncoder().encodeToString(new byte[32]) + ":", null, null);
        assertThat(onlyProblem()).extracting(FieldProblem::field, FieldProblem::code)
                .containsExactly("Repr-Digest", "conflicting_digests");
    }

    @Test
    void malformed_digests_are_refused_naming_the_header() {
        headers.expectedDigest("abc", null, null, null);
        assertThat(onlyProblem()).extracting(FieldProblem::field, FieldProblem::code)
                .containsExactly("X-Artifact-Sha256", "invalid_sha256");
    }

    @Test
    void a_repr_digest_of_the_wrong_length_or_without_sha256_is_refused() {
        new ArtifactHeaders().expectedDigest(null, "sha-256=:AAAA:", null, null);
        ArtifactHeaders shortOne = new ArtifactHeaders();
        shortOne.expectedDigest(null, "sha-256=:AAAA:", null, null);
        assertThat(shortOne.problems()).extracting(FieldProblem::code).containsExactly("invalid_digest");
        ArtifactHeaders otherAlgorithm = new ArtifactHeaders();
        otherAlgorithm.expectedDigest(null, "sha-512=:" + BASE64 + ":", null, null);
        assertThat(otherAlgorithm.problems()).extracting(FieldProblem::code).containsExactly("invalid_digest");
        ArtifactHeaders legacyWithoutColons = new ArtifactHeaders();
        legacyWithoutColons.expectedDigest(null, "sha-256=" + BASE64, null, null);
        assertThat(legacyWithoutColons.problems()).extracting(FieldProblem::field).containsExactly("Repr-Digest");
    }

    @Test
    void sizes_are_plain_non_negative_numbers() {
        assertThat(headers.size("0")).isZero();
        assertThat(headers.size("5368709120")).isEqualTo(5_368_709_120L);
        assertThat(headers.problems()).isEmpty();
        for (String bad : new String[] {"-1", "1e3", "01", "0x10", "99999999999999999999", " "}) {
            ArtifactHeaders check = new ArtifactHeaders();
            assertThat(check.size(bad)).isNull();
            assertThat(check.problems()).extracting(FieldProblem::code).as(bad).containsExactly("invalid_size");
        }
    }

    @Test
    void file_names_come_from_the_header_or_content_disposition() {
        assertThat(headers.fileName("model.pkl", "attachment; filename=\"other.bin\"")).isEqualTo("model.pkl");
        assertThat(headers.fileName(null, "attachment; filename=\"weights.bin\"")).isEqualTo("weights.bin");
        assertThat(headers.fileName(null, "attachment; filename*=UTF-8''mod%C3%A8le.onnx")).isEqualTo("modèle.onnx");
        assertThat(headers.fileName("UTF-8''mod%C3%A8le.onnx", null)).isEqualTo("modèle.onnx");
        assertThat(headers.fileName(null, null)).isNull();
        assertThat(headers.problems()).isEmpty();
    }

    @Test
    void file_names_with_paths_control_characters_or_tricks_are_refused() {
        for (String bad : new String[] {"../etc/passwd", "a/b.bin", "..", "UTF-8''%00.bin", "UTF-8''a%0Ab",
                "UTF-8''%E2%80%AEcod.exe", "UTF-8''%C3", "x".repeat(300), "CON", "name.", "a\\b",
                "UTF-8''e%CC%81.bin"}) {
            ArtifactHeaders check = new ArtifactHeaders();
            assertThat(check.fileName(bad, null)).as(bad).isNull();
            assertThat(check.problems()).extracting(FieldProblem::field, FieldProblem::code).as(bad)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("X-Artifact-Filename", "invalid_file_name"));
        }
        ArtifactHeaders latin1 = new ArtifactHeaders();
        assertThat(latin1.fileName("caf\u00e9.bin", null)).isNull();
        assertThat(latin1.problems()).extracting(FieldProblem::code).containsExactly("invalid_file_name");
        ArtifactHeaders disposition = new ArtifactHeaders();
        assertThat(disposition.fileName(null, "attachment; filename=\"../../x\"")).isNull();
        assertThat(disposition.problems()).extracting(FieldProblem::field).containsExactly("Content-Disposition");
    }

    @Test
    void media_types_are_normalised_and_patterns_refused() {
        assertThat(headers.mediaType("Application/Octet-Stream", "Content-Type")).isEqualTo("application/octet-stream");
        assertThat(headers.mediaType(null, "Content-Type")).isNull();
        ArtifactHeaders check = new ArtifactHeaders();
        assertThat(check.mediaType("*/*", "Content-Type")).isNull();
        assertThat(check.mediaType("not a type", "Content-Type")).isNull();
        assertThat(check.problems()).extracting(FieldProblem::code).containsOnly("invalid_media_type").hasSize(2);
    }

    @Test
    void upload_ids_are_canonical_uuids_and_part_numbers_1_to_10000() {
        assertThat(headers.uploadId("0b9a7d4e-5f7e-4a8b-9a43-1f0cdb3e1e11")).isNotNull();
        assertThat(headers.partNumber("1")).isEqualTo(1);
        assertThat(headers.partNumber("10000")).isEqualTo(10_000);
        assertThat(headers.problems()).isEmpty();
        for (String bad : new String[] {"1-1-1-1-1", "../../etc", "0b9a7d4e5f7e4a8b9a431f0cdb3e1e11", "%2e%2e"}) {
            ArtifactHeaders check = new ArtifactHeaders();
            assertThat(check.uploadId(bad)).isNull();
            assertThat(check.problems()).extracting(FieldProblem::code).containsExactly("invalid_upload_id");
        }
        for (String bad : new String[] {"0", "10001", "-1", "01", "1.5", "99999999999"}) {
            ArtifactHeaders check = new ArtifactHeaders();
            assertThat(check.partNumber(bad)).as(bad).isNull();
            assertThat(check.problems()).extracting(FieldProblem::code).containsExactly("invalid_part_number");
        }
    }
}
