package dev.modelregistry.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageTokenCodecTest {

    private final PageTokenCodec codec = new PageTokenCodec("test-key");

    @Test
    void roundTripsEveryCursorType() {
        List<Object> cursor = Arrays.asList("fraud-detector", 42L, 7, 0.1, Double.POSITIVE_INFINITY, -0.0, true, null,
                "ünïcødé \u2028 \"quoted\"");
        String token = codec.encode("scope", cursor);

        List<Object> decoded = codec.decode("scope", token);

        assertThat(decoded).containsExactly("fraud-detector", 42L, 7L, 0.1, Double.POSITIVE_INFINITY, -0.0, true, null,
                "ünïcødé \u2028 \"quoted\"");
    }

    @Test
    void tokensAreUrlSafe() {
        String token = codec.encode("scope", List.of("a/b+c?d=e&f", Long.MAX_VALUE));
        assertThat(token).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void everySingleCharacterChangeIsRefused() {
        String token = codec.encode("scope", List.of("model-a", 3L));
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < token.length(); i++) {
            char replacement = alphabet.charAt((alphabet.indexOf(token.charAt(i)) + 1) % alphabet.length());
            String tampered = token.substring(0, i) + replacement + token.substring(i + 1);
            if (Arrays.equals(decodeRaw(tampered), decodeRaw(token))) {
                continue; // only the unused low bits of the last character changed: the same bytes
            }
            assertThatThrownBy(() -> codec.decode("scope", tampered)).as("position " + i)
                    .isInstanceOfSatisfying(QueryException.class, e -> {
                        assertThat(e.type()).isEqualTo(ProblemType.INVALID_PAGE_TOKEN);
                        assertThat(e.field()).isEqualTo("page_token");
                    });
        }
    }

    private static byte[] decodeRaw(String token) {
        try {
            return Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    @Test
    void aTokenOfAnotherQueryIsRefused() {
        String token = codec.encode("versions|model-a|Production", List.of(3L));
        assertThatThrownBy(() -> codec.decode("versions|model-a|Staging", token)).isInstanceOf(QueryException.class);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        String token = new PageTokenCodec("other-key").encode("scope", List.of(1L));
        assertThatThrownBy(() -> codec.decode("scope", token)).isInstanceOf(QueryException.class);
    }

    @Test
    void garbageIsRefused() {
        for (String garbage : List.of("", "!!!", "====", "abc", "a".repeat(5000), "eyJ0ZXN0IjoxfQ",
                Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[12]))) {
            assertThatThrownBy(() -> codec.decode("scope", garbage)).as(garbage).isInstanceOf(QueryException.class);
        }
    }

    @Test
    void pageSizeDefaultsAndBounds() {
        assertThat(PageSize.parse(null)).isEqualTo(50);
        assertThat(PageSize.parse("")).isEqualTo(50);
        assertThat(PageSize.parse("1")).isEqualTo(1);
        assertThat(PageSize.parse("1000")).isEqualTo(1000);
        for (String invalid : List.of("0", "-1", "1001", "abc", "1.5", "99999999999")) {
            assertThatThrownBy(() -> PageSize.parse(invalid)).as(invalid)
                    .isInstanceOfSatisfying(QueryException.class, e -> assertThat(e.field()).isEqualTo("page_size"));
        }
    }

    @Test
    void pagesCarryATokenOnlyWhenMoreRowsExist() {
        Page<Integer> last = Page.of(List.of(1, 2), 2, i -> "t" + i);
        assertThat(last.items()).containsExactly(1, 2);
        assertThat(last.nextPageToken()).isNull();

        Page<Integer> more = Page.of(List.of(1, 2, 3), 2, i -> "t" + i);
        assertThat(more.items()).containsExactly(1, 2);
        assertThat(more.nextPageToken()).isEqualTo("t2");
    }
}
