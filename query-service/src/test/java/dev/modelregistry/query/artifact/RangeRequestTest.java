package dev.modelregistry.query.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelregistry.query.artifact.RangeRequest.Part;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RangeRequestTest {

    private static final long SIZE = 1000;

    @Test
    void aClosedRangeIsServedAndCutAtTheEnd() {
        assertThat(RangeRequest.parse("bytes=0-99", SIZE)).isEqualTo(new Part(0, 99));
        assertThat(RangeRequest.parse("bytes=10-10", SIZE)).isEqualTo(new Part(10, 10));
        assertThat(RangeRequest.parse("bytes=900-5000", SIZE)).isEqualTo(new Part(900, 999));
        assertThat(RangeRequest.parse("bytes=900-99999999999999999999999", SIZE)).isEqualTo(new Part(900, 999));
        assertThat(new Part(10, 19).length()).isEqualTo(10);
        assertThat(new Part(10, 19).contentRange(SIZE)).isEqualTo("bytes 10-19/1000");
    }

    @Test
    void anOpenRangeRunsToTheEnd() {
        assertThat(RangeRequest.parse("bytes=500-", SIZE)).isEqualTo(new Part(500, 999));
        assertThat(RangeRequest.parse("bytes=999-", SIZE)).isEqualTo(new Part(999, 999));
    }

    @Test
    void aSuffixRangeIsTheLastBytes() {
        assertThat(RangeRequest.parse("bytes=-100", SIZE)).isEqualTo(new Part(900, 999));
        assertThat(RangeRequest.parse("bytes=-5000", SIZE)).as("more than there is: all of it").isEqualTo(new Part(0, 999));
    }

    @Test
    void unitAndSpacingFollowTheRfc() {
        assertThat(RangeRequest.parse("Bytes=0-1", SIZE)).isEqualTo(new Part(0, 1));
        assertThat(RangeRequest.parse(" bytes = 0-1 ", SIZE)).isEqualTo(new Part(0, 1));
    }

    @Test
    void rangesNoByteSatisfiesAreUnsatisfiable() {
        assertThat(RangeRequest.parse("bytes=1000-", SIZE)).isInstanceOf(RangeRequest.Unsatisfiable.class);
        assertThat(RangeRequest.parse("bytes=1000-2000", SIZE)).isInstanceOf(RangeRequest.Unsatisfiable.class);
        assertThat(RangeRequest.parse("bytes=99999999999999999999-", SIZE)).isInstanceOf(RangeRequest.Unsatisfiable.class);
        assertThat(RangeRequest.parse("bytes=-0", SIZE)).isInstanceOf(RangeRequest.Unsatisfiable.class);
        assertThat(RangeRequest.parse("bytes=0-", 0)).as("nothing to serve of an empty blob")
                .isInstanceOf(RangeRequest.Unsatisfiable.class);
        assertThat(RangeRequest.parse("bytes=-1", 0)).isInstanceOf(RangeRequest.Unsatisfiable.class);
        assertThat(RangeRequest.Unsatisfiable.contentRange(SIZE)).isEqualTo("bytes */1000");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bytes", "bytes=", "bytes=-", "bytes=5-3", "bytes=a-b", "bytes=+1-2", "bytes=1-2-3",
            "bytes=1 -2", "bytes=0x10-", "bytes=١-٢", "items=0-1", "bytes=0-1,5-6", "bytes=0-1,", "bytes=,0-1",
            "bytes=-1,-2", "=0-1"})
    void anythingElseIsIgnoredAndTheWholeBlobServed(String header) {
        assertThat(RangeRequest.parse(header, SIZE)).isSameAs(RangeRequest.WHOLE);
    }

    @Test
    void noHeaderOrAnAbsurdlyLongOneServesTheWholeBlob() {
        assertThat(RangeRequest.parse(null, SIZE)).isSameAs(RangeRequest.WHOLE);
        assertThat(RangeRequest.parse("bytes=" + "0".repeat(5000) + "-1", SIZE)).isSameAs(RangeRequest.WHOLE);
    }
}
