package dev.modelregistry.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch._types.FieldValue;
import dev.modelregistry.query.web.PageTokenCodec;
import dev.modelregistry.query.web.QueryException;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionSearchCursorTest {

    @Test
    void sortValuesSurviveThePageToken() {
        List<FieldValue> sort = List.of(FieldValue.of(0.93), FieldValue.of(1764000000000L), FieldValue.of("fraud@3"),
                FieldValue.of("Infinity"), FieldValue.NULL);
        PageTokenCodec codec = new PageTokenCodec("k");
        String token = codec.encode("search", VersionSearch.cursor(sort));

        List<FieldValue> after = VersionSearch.searchAfter(codec.decode("search", token), sort.size());

        assertThat(after).hasSize(5);
        assertThat(after.get(0).isDouble()).isTrue();
        assertThat(after.get(0).doubleValue()).isEqualTo(0.93);
        assertThat(after.get(1).isLong()).isTrue();
        assertThat(after.get(1).longValue()).isEqualTo(1764000000000L);
        assertThat(after.get(2).stringValue()).isEqualTo("fraud@3");
        assertThat(after.get(3).stringValue()).isEqualTo("Infinity");
        assertThat(after.get(4).isNull()).isTrue();
    }

    @Test
    void aCursorOfAnotherSortIsRefused() {
        assertThatThrownBy(() -> VersionSearch.searchAfter(List.of(1L), 2)).isInstanceOf(QueryException.class);
    }
}
