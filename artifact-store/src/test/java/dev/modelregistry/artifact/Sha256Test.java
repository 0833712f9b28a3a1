package dev.modelregistry.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelregistry.artifact.support.HashingCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Digests and upload ids are the only caller-supplied strings that reach a store name: they must be exactly hex and UUIDs. */
class Sha256Test {

    @Test
    void theEmptyDigestIsTheHashOfNothing() {
        assertThat(Sha256.EMPTY).isEqualTo(Sha256.of(HashingCopy.sha256().digest(new byte[0])));
    }

    @Test
    void parsingAcceptsUpperCaseAndNormalisesIt() {
        assertThat(Sha256.parse(Sha256.EMPTY.hex().toUpperCase())).isEqualTo(Sha256.EMPTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../../../../etc/passwd", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855/",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85g",
            "../3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8%2"})
    void anythingButSixtyFourHexDigitsIsRefused(String text) {
        assertThat(Sha256.isValid(text)).isFalse();
        assertThatThrownBy(() -> Sha256.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "", "00000000-0000-0000-0000-00000000000g", "/tmp"})
    void uploadIdsAreUuids(String text) {
        assertThatThrownBy(() -> UploadId.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
