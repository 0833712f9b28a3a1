package dev.modelregistry.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    @Test
    void escapesOnlyQuotesBackslashesAndControlCharacters() {
        assertThat(CanonicalJson.appendString(new StringBuilder(), "a\"b\\c\b\f\n\r\t\u0001\u001fé€/<").toString())
                .isEqualTo("\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0001\\u001fé€/<\"");
    }

    @Test
    void writesNullAsTheJsonLiteral() {
        assertThat(CanonicalJson.appendString(new StringBuilder("x:"), null).toString()).isEqualTo("x:null");
    }
}
