package dev.modelregistry.artifact.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelregistry.artifact.BlobTooLargeException;
import dev.modelregistry.artifact.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HashingCopyTest {

    private static final int BUFFER = 16;

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 15, 16, 17, 32, 33, 160, 1000})
    void copiesEveryByteInOrderAndHashesThem(int size) throws IOException {
        byte[] content = bytes(size);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HashingCopy copy = new HashingCopy(BUFFER);

        copy.copy(new ByteArrayInputStream(content), Long.MAX_VALUE, (buffer, length) -> out.write(buffer, 0, length));

        assertThat(out.toByteArray()).isEqualTo(content);
        assertThat(copy.finish()).isEqualTo(new HashingCopy.Result(sha256(content), size));
    }

    @Test
    void theSinkIsNeverCalledTwiceAtOnce() throws IOException {
        AtomicInteger running = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] content = bytes(BUFFER * 50 + 3);

        new HashingCopy(BUFFER).copy(new ByteArrayInputStream(content), Long.MAX_VALUE, (buffer, length) -> {
            if (running.incrementAndGet() > 1) {
                overlapped.set(true);
            }
            sleep();
            out.write(buffer, 0, length);
            running.decrementAndGet();
        });

        assertThat(overlapped).isFalse();
        assertThat(out.toByteArray()).isEqualTo(content);
    }

    @Test
    void aFailingWriteSurfacesAndNoWriteRunsAfterwards() {
        AtomicInteger writes = new AtomicInteger();
        AtomicBoolean returned = new AtomicBoolean();
        AtomicBoolean writeAfterReturn = new AtomicBoolean();
        IOException diskFull = new IOException("No space left on device");

        assertThatThrownBy(() -> {
            try {
                new HashingCopy(BUFFER).copy(new ByteArrayInputStream(bytes(BUFFER * 20)), Long.MAX_VALUE, (buffer, length) -> {
                    if (returned.get()) {
                        writeAfterReturn.set(true);
                    }
                    if (writes.incrementAndGet() == 3) {
                        throw diskFull;
                    }
                });
            } finally {
                returned.set(true);
            }
        }).isSameAs(diskFull);
        sleep();
        assertThat(writeAfterReturn).isFalse();
        assertThat(writes.get()).isEqualTo(3);
    }

    @Test
    void aBrokenInputWaitsForTheWriteInFlightBeforeFailing() {
        AtomicBoolean writing = new AtomicBoolean();
        IOException reset = new IOException("connection reset");
        InputStream breaksAfterOneBuffer = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ >= BUFFER) {
                    throw reset;
                }
                return 7;
            }
        };

        assertThatThrownBy(() -> new HashingCopy(BUFFER).copy(breaksAfterOneBuffer, Long.MAX_VALUE, (buffer, length) -> {
            writing.set(true);
            sleep();
            writing.set(false);
        })).isSameAs(reset);
        assertThat(writing).as("the write finished before copy returned").isFalse();
    }

    @Test
    void theLimitCountsEveryCallOfOneCopy() throws IOException {
        HashingCopy copy = new HashingCopy(BUFFER);
        copy.copy(new ByteArrayInputStream(bytes(40)), 50, (buffer, length) -> { });

        assertThatThrownBy(() -> copy.copy(new ByteArrayInputStream(bytes(11)), 50, (buffer, length) -> { }))
                .isInstanceOfSatisfying(BlobTooLargeException.class, e -> assertThat(e.limit()).isEqualTo(50));
    }

    @Test
    void severalSourcesHashAsOne() throws IOException {
        byte[] one = bytes(37);
        byte[] two = bytes(5);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HashingCopy copy = new HashingCopy(BUFFER);

        copy.copy(new ByteArrayInputStream(one), Long.MAX_VALUE, (buffer, length) -> out.write(buffer, 0, length));
        copy.copy(new ByteArrayInputStream(two), Long.MAX_VALUE, (buffer, length) -> out.write(buffer, 0, length));

        byte[] both = Arrays.copyOf(one, 42);
        System.arraycopy(two, 0, both, 37, 5);
        assertThat(out.toByteArray()).isEqualTo(both);
        assertThat(copy.finish().digest()).isEqualTo(sha256(both));
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static Sha256 sha256(byte[] bytes) {
        return Sha256.of(HashingCopy.sha256().digest(bytes));
    }

    private static void sleep() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
