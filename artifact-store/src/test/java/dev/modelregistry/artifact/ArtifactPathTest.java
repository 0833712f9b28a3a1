package dev.modelregistry.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactPathTest {

    @ParameterizedTest(name = "accepts \"{0}\"")
    @ValueSource(strings = {
            "model.pkl",
            "conda.yaml",
            "code/train.py",
            "a/b/c/d/e.txt",
            ".hidden",
            "..data",
            "a..b",
            "...x",
            "%2e%2e/etc/passwd",        // percent signs are literal characters, never decoded
            "%252e%252e/x",
            "models2/weights.bin",
            "résumé.txt",               // NFC (precomposed é)
            "数据/模型.onnx",
            "emoji-\uD83D\uDE00.bin",   // a supplementary code point, correctly paired
            "with space/file name.txt",
            "C/x",                      // a single-letter directory is not a drive
            "ab:c",                     // a colon after the second character is not a drive prefix
            "CONSOLE.txt",              // only the exact device names are reserved
            "COM0",
            "com10",
            "LPTX",
            "-leading-dash",
    })
    void acceptsOrdinaryRelativePaths(String text) {
        ArtifactPath path = ArtifactPath.parse(text);

        assertThat(path.value()).isEqualTo(text);
        assertThat(path.toString()).isEqualTo(text);
        assertThat(ArtifactPath.isValid(text)).isTrue();
        assertThat(String.join("/", path.segments())).isEqualTo(text);
    }

    @Test
    void acceptsTheLongestPathAndSegmentThatFit() {
        String segment = "s".repeat(255);
        String path = String.join("/", segment, segment, segment, "t".repeat(254), "u");

        assertThat(path.length()).isEqualTo(1024);
        assertThat(ArtifactPath.isValid(path)).isTrue();
        assertThat(ArtifactPath.isValid("é".repeat(127))).as("254 UTF-8 bytes in one segment").isTrue();
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of(null, "empty"),
                Arguments.of("", "empty"),
                Arguments.of("/etc/passwd", "absolute"),
                Arguments.of("/", "absolute"),
                Arguments.of("//server/share/x", "absolute"),
                Arguments.of("..", "dot_segment"),
                Arguments.of(".", "dot_segment"),
                Arguments.of("../secret", "dot_segment"),
                Arguments.of("a/../../b", "dot_segment"),
                Arguments.of("a/./b", "dot_segment"),
                Arguments.of("a/..", "dot_segment"),
                Arguments.of("..\\windows\\system32", "backslash"),
                Arguments.of("a\\b", "backslash"),
                Arguments.of("a\u0000b", "control_character"),
                Arguments.of("model.pkl\u0000.txt", "control_character"),
                Arguments.of("a\nb", "control_character"),
                Arguments.of("a\rb", "control_character"),
                Arguments.of("a\tb", "control_character"),
                Arguments.of("a\u007fb", "control_character"),
                Arguments.of("a\u0085b", "control_character"),
                Arguments.of("a\u2028b", "control_character"),
                Arguments.of("a\u2029b", "control_character"),
                Arguments.of("evil\u202Egnp.exe", "format_character"),   // right-to-left override
                Arguments.of("a\u200Bb", "format_character"),            // zero-width space
                Arguments.of("a\u200Db", "format_character"),            // zero-width joiner
                Arguments.of("\uFEFFmodel.pkl", "format_character"),     // byte order mark
                Arguments.of("a\u2066b", "format_character"),            // left-to-right isolate
                Arguments.of("a\uD800b", "invalid_unicode"),             // lone high surrogate
                Arguments.of("a\uDC00", "invalid_unicode"),              // lone low surrogate
                Arguments.of("re\u0301sume\u0301.txt", "not_normalized"),  // NFD: e + combining acute
                Arguments.of("\u212B", "not_normalized"),                  // ANGSTROM SIGN normalises to Å
                Arguments.of("C:/Windows/x", "drive_letter"),
                Arguments.of("c:model.pkl", "drive_letter"),
                Arguments.of("Z:", "drive_letter"),
                Arguments.of("models/", "trailing_slash"),
                Arguments.of("a//b", "empty_segment"),
                Arguments.of("x".repeat(1025), "too_long"),
                Arguments.of("é".repeat(513), "too_long"),                   // 1026 UTF-8 bytes, 513 chars
                Arguments.of("x".repeat(256), "segment_too_long"),
                Arguments.of("a/" + "é".repeat(128), "segment_too_long"),    // 256 UTF-8 bytes
                Arguments.of("CON", "reserved"),
                Arguments.of("dir/nul.txt", "reserved"),
                Arguments.of("aux.tar.gz", "reserved"),
                Arguments.of("com1", "reserved"),
                Arguments.of("LPT9.log", "reserved"),
                Arguments.of("model.", "reserved"),
                Arguments.of("a/model ", "reserved"),
                Arguments.of("...", "reserved"));
    }

    @ParameterizedTest(name = "rejects {index} as {1}")
    @MethodSource("rejected")
    void rejectsWithAStableReason(String text, String reason) {
        assertThatThrownBy(() -> ArtifactPath.parse(text))
                .isInstanceOfSatisfying(InvalidArtifactPathException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).isNotBlank();
                    if (text != null && text.length() > 3) {
                        assertThat(e.getMessage()).as("the message never echoes the input").doesNotContain(text);
                    }
                });
        assertThat(ArtifactPath.isValid(text)).isFalse();
    }

    @Test
    void theRecordConstructorAppliesTheSameRules() {
        assertThatThrownBy(() -> new ArtifactPath("../x"))
                .isInstanceOfSatisfying(InvalidArtifactPathException.class,
                        e -> assertThat(e.reason()).isEqualTo("dot_segment"));
    }

    @Test
    void equalityIsExactStringEquality() {
        assertThat(ArtifactPath.parse("a/b")).isEqualTo(ArtifactPath.parse("a/b"));
        assertThat(ArtifactPath.parse("a/b")).isNotEqualTo(ArtifactPath.parse("A/b"));
        assertThat(ArtifactPath.parse("résumé")).isNotEqualTo(ArtifactPath.parse("resume"));
    }

    @Test
    void segmentPrefixesCompareWholeSegments() {
        ArtifactPath file = ArtifactPath.parse("models2/weights.bin");

        assertThat(file.segments()).containsExactly("models2", "weights.bin");
        assertThat(file.fileName()).isEqualTo("weights.bin");
        assertThat(file.startsWith(ArtifactPath.parse("models"))).isFalse();
        assertThat(file.startsWith(ArtifactPath.parse("models2"))).isTrue();
        assertThat(file.startsWith(file)).isTrue();
        assertThat(ArtifactPath.parse("models2").startsWith(file)).isFalse();
    }

    @Test
    void segmentsOfASingleFileNameIsThatName() {
        assertThat(ArtifactPath.parse("model.pkl").segments()).isEqualTo(List.of("model.pkl"));
    }
}
