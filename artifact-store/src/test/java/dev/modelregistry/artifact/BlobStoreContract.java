package dev.modelregistry.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelregistry.artifact.support.HashingCopy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} backend must do. A backend's test extends this class and says how to
 * make a store, how to change a stored blob's bytes behind the store's back, and how to list what an
 * interrupted write could leave behind.
 */
public abstract class BlobStoreContract {

    /** Larger than the store's buffer, and not a multiple of it. */
    protected static final int LARGE = HashingCopy.BUFFER_SIZE * 3 + 17;
    protected static final long NO_LIMIT = Long.MAX_VALUE;

    protected BlobStore store;

    /** A new, empty store. */
    protected abstract BlobStore newStore() throws Exception;

    /** Replaces the bytes stored for {@code digest} directly in the backend (bit rot, tampering). */
    protected abstract void overwriteStoredBytes(Sha256 digest, byte[] bytes) throws Exception;

    /** Every staging object and temporary part the backend holds right now (names, for messages). */
    protected abstract List<String> leftovers() throws Exception;

    /** Releases what {@link #newStore()} made. */
    protected void closeStore() throws Exception {
    }

    @BeforeEach
    void createStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void releaseStore() throws Exception {
        closeStore();
    }

    // --- stage and publish

    @Test
    void stagedBytesAreHashedAndOnlyVisibleOncePublished() throws Exception {
        byte[] content = bytes(LARGE, 1);

        StagedBlob staged = store.stage(new ByteArrayInputStream(content), NO_LIMIT);

        assertThat(staged.digest()).isEqualTo(sha256(content));
        assertThat(staged.size()).isEqualTo(content.length);
        assertThat(store.stat(staged.digest())).isEmpty();

        BlobInfo published = store.publish(staged);

        assertThat(published.digest()).isEqualTo(staged.digest());
        assertThat(published.size()).isEqualTo(content.length);
        assertThat(store.stat(staged.digest())).get().satisfies(info -> {
            assertThat(info.size()).isEqualTo(content.length);
            assertThat(info.modifiedAt()).isNotNull();
        });
        assertThat(readAll(staged.digest())).isEqualTo(content);
        assertThat(store.verify(staged.digest()).intact()).isTrue();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void identicalBytesAreStoredOnce() throws Exception {
        byte[] content = bytes(1000, 2);

        BlobInfo first = store.publish(store.stage(new ByteArrayInputStream(content), NO_LIMIT));
        BlobInfo second = store.publish(store.stage(new ByteArrayInputStream(content), NO_LIMIT));

        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(allBlobs()).extracting(BlobInfo::digest).containsExactly(first.digest());
        assertThat(readAll(first.digest())).isEqualTo(content);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void publishingAgainRepairsACorruptedCopy() throws Exception {
        byte[] content = bytes(5000, 3);
        Sha256 digest = store.publish(store.stage(new ByteArrayInputStream(content), NO_LIMIT)).digest();
        byte[] rotten = content.clone();
        rotten[1234] ^= 0x01;
        overwriteStoredBytes(digest, rotten);
        assertThat(store.verify(digest).intact()).isFalse();

        store.publish(store.stage(new ByteArrayInputStream(content), NO_LIMIT));

        assertThat(store.verify(digest).intact()).isTrue();
        assertThat(readAll(digest)).isEqualTo(content);
    }

    @Test
    void contentOverTheLimitIsRefusedAndLeavesNothing() throws Exception {
        assertThatThrownBy(() -> store.stage(new ByteArrayInputStream(bytes(LARGE, 4)), LARGE - 1))
                .isInstanceOfSatisfying(BlobTooLargeException.class, e -> assertThat(e.limit()).isEqualTo(LARGE - 1));
        assertThatThrownBy(() -> store.stage(new ByteArrayInputStream(bytes(10, 4)), 9))
                .isInstanceOf(BlobTooLargeException.class);

        assertThat(leftovers()).isEmpty();
        assertThat(allBlobs()).isEmpty();
    }

    @Test
    void contentOfExactlyTheLimitIsAccepted() throws Exception {
        byte[] content = bytes(HashingCopy.BUFFER_SIZE, 5);

        StagedBlob staged = store.stage(new ByteArrayInputStream(content), content.length);

        assertThat(staged.size()).isEqualTo(content.length);
        store.discard(staged);
    }

    @Test
    void aStreamThatBreaksMidwayLeavesNothingBehind() throws Exception {
        IOException cut = new IOException("connection reset");
        InputStream broken = new BreakingInputStream(bytes(LARGE, 6), HashingCopy.BUFFER_SIZE + 500, cut);

        assertThatThrownBy(() -> store.stage(broken, NO_LIMIT)).isSameAs(cut);

        assertThat(leftovers()).isEmpty();
        assertThat(allBlobs()).isEmpty();
    }

    @Test
    void aZeroByteBlobHasTheDigestOfNothing() throws Exception {
        StagedBlob staged = store.stage(InputStream.nullInputStream(), NO_LIMIT);

        assertThat(staged.digest()).isEqualTo(Sha256.EMPTY);
        assertThat(staged.digest().hex()).startsWith("e3b0c442");
        assertThat(staged.size()).isZero();
        store.publish(staged);
        assertThat(store.stat(Sha256.EMPTY)).get().extracting(BlobInfo::size).isEqualTo(0L);
        assertThat(readAll(Sha256.EMPTY)).isEmpty();
        assertThat(store.open(Sha256.EMPTY, 0, 10).readAllBytes()).isEmpty();
        assertThat(store.verify(Sha256.EMPTY).intact()).isTrue();
    }

    @Test
    void aDiscardedStagedBlobIsGoneAndCannotBePublished() throws Exception {
        StagedBlob staged = store.stage(new ByteArrayInputStream(bytes(100, 7)), NO_LIMIT);

        store.discard(staged);
        store.discard(staged);

        assertThat(leftovers()).isEmpty();
        assertThatThrownBy(() -> store.publish(staged)).isInstanceOf(BlobNotFoundException.class);
        assertThat(store.stat(staged.digest())).isEmpty();
    }

    @Test
    void aForgedStagingIdNeverBecomesAName() {
        Sha256 digest = sha256(new byte[0]);
        for (String forged : List.of("../blobs/x", "/etc/passwd", "..", "", "ABCDEF00-0000-0000-0000-000000000000",
                "1-1-1-1-1", UUID.randomUUID() + "/..")) {
            StagedBlob staged = new StagedBlob(forged, digest, 0);
            assertThatThrownBy(() -> store.publish(staged)).as(forged).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.discard(staged)).as(forged).isInstanceOf(IllegalArgumentException.class);
        }
    }

    // --- reading

    @Test
    void rangesReadTheRequestedBytesAndStopAtTheEnd() throws Exception {
        byte[] content = bytes(LARGE, 8);
        Sha256 digest = store.publish(store.stage(new ByteArrayInputStream(content), NO_LIMIT)).digest();

        assertThat(read(digest, 10, 100)).isEqualTo(Arrays.copyOfRange(content, 10, 110));
        assertThat(read(digest, HashingCopy.BUFFER_SIZE - 5, HashingCopy.BUFFER_SIZE + 10))
                .isEqualTo(Arrays.copyOfRange(content, HashingCopy.BUFFER_SIZE - 5, 2 * HashingCopy.BUFFER_SIZE + 5));
        assertThat(read(digest, 1000, Long.MAX_VALUE)).as("to the end").isEqualTo(Arrays.copyOfRange(content, 1000, LARGE));
        assertThat(read(digest, LARGE - 7, 100)).as("past the end").isEqualTo(Arrays.copyOfRange(content, LARGE - 7, LARGE));
        assertThat(read(digest, 0, 1)).containsExactly(content[0]);
        assertThat(read(digest, LARGE - 1, 1)).containsExactly(content[LARGE - 1]);
        assertThat(read(digest, 5, 0)).as("empty range").isEmpty();
        assertThat(read(digest, LARGE, 10)).as("offset at the end").isEmpty();
        assertThat(read(digest, LARGE + 100, 10)).as("offset past the end").isEmpty();
        assertThatThrownBy(() -> store.open(digest, -1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.open(digest, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRangeStreamReadsByteByByteAndTransfers() throws Exception {
        byte[] content = bytes(300, 9);
        Sha256 digest = store.publish(store.stage(new ByteArrayInputStream(content), NO_LIMIT)).digest();

        try (InputStream in = store.open(digest, 290, 100)) {
            for (int i = 290; i < 300; i++) {
                assertThat(in.read()).isEqualTo(content[i] & 0xff);
            }
            assertThat(in.read()).isEqualTo(-1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = store.open(digest, 0, Long.MAX_VALUE)) {
            assertThat(in.transferTo(out)).isEqualTo(300);
        }
        assertThat(out.toByteArray()).isEqualTo(content);
    }

    @Test
    void aMissingBlobIsNotFound() throws Exception {
        Sha256 absent = sha256("never stored".getBytes());

        assertThat(store.stat(absent)).isEmpty();
        assertThatThrownBy(() -> store.open(absent, 0, 10)).isInstanceOf(BlobNotFoundException.class);
        Verification verification = store.verify(absent);
        assertThat(verification.missing()).isTrue();
        assertThat(verification.intact()).isFalse();
        assertThat(verification.observedSize()).isNull();
    }

    @Test
    void verificationDetectsChangedBytes() throws Exception {
        byte[] content = bytes(LARGE, 10);
        Sha256 digest = store.publish(store.stage(new ByteArrayInputStream(content), NO_LIMIT)).digest();
        assertThat(store.verify(digest)).isEqualTo(new Verification(digest, digest, (long) LARGE));

        byte[] flipped = content.clone();
        flipped[LARGE - 2] ^= (byte) 0x80;
        overwriteStoredBytes(digest, flipped);

        Verification sameSize = store.verify(digest);
        assertThat(sameSize.intact()).isFalse();
        assertThat(sameSize.missing()).isFalse();
        assertThat(sameSize.observed()).isEqualTo(sha256(flipped));
        assertThat(sameSize.observedSize()).isEqualTo(LARGE);

        overwriteStoredBytes(digest, Arrays.copyOf(content, 100));
        Verification truncated = store.verify(digest);
        assertThat(truncated.intact()).isFalse();
        assertThat(truncated.observedSize()).isEqualTo(100);
    }

    // --- deleting and listing

    @Test
    void deleteRemovesABlobOnce() throws Exception {
        Sha256 digest = store.publish(store.stage(new ByteArrayInputStream(bytes(10, 11)), NO_LIMIT)).digest();

        assertThat(store.delete(digest)).isTrue();
        assertThat(store.delete(digest)).isFalse();
        assertThat(store.stat(digest)).isEmpty();
        assertThatThrownBy(() -> store.open(digest, 0, 1)).isInstanceOf(BlobNotFoundException.class);
    }

    @Test
    void forEachVisitsEveryPublishedBlobAndNothingElse() throws Exception {
        Set<Sha256> expected = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            expected.add(store.publish(store.stage(new ByteArrayInputStream(bytes(100 + i, 20 + i)), NO_LIMIT)).digest());
        }
        StagedBlob unpublished = store.stage(new ByteArrayInputStream(bytes(50, 99)), NO_LIMIT);
        store.writePart(new UploadId(UUID.randomUUID()), 1, new ByteArrayInputStream(bytes(50, 98)), NO_LIMIT);

        List<BlobInfo> all = allBlobs();

        assertThat(all).extracting(BlobInfo::digest).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(all).allSatisfy(info -> assertThat(info.size()).isBetween(100L, 104L));
        store.discard(unpublished);
    }

    // --- resumable uploads

    @Test
    void partsAreStoredListedAndAssembledInTheGivenOrder() throws Exception {
        UploadId upload = new UploadId(UUID.randomUUID());
        byte[] one = bytes(HashingCopy.BUFFER_SIZE + 3, 31);
        byte[] two = bytes(777, 32);
        byte[] three = bytes(HashingCopy.BUFFER_SIZE * 2, 33);

        assertThat(store.writePart(upload, 2, new ByteArrayInputStream(two), NO_LIMIT))
                .isEqualTo(new PartInfo(2, two.length, sha256(two)));
        store.writePart(upload, 3, new ByteArrayInputStream(three), NO_LIMIT);
        store.writePart(upload, 1, new ByteArrayInputStream(one), NO_LIMIT);

        assertThat(store.parts(upload)).containsExactly(
                new PartInfo(1, one.length, sha256(one)),
                new PartInfo(2, two.length, sha256(two)),
                new PartInfo(3, three.length, sha256(three)));

        StagedBlob staged = store.assemble(upload, List.of(1, 2, 3), NO_LIMIT);
        byte[] whole = concat(one, two, three);
        assertThat(staged.digest()).isEqualTo(sha256(whole));
        assertThat(staged.size()).isEqualTo(whole.length);
        store.publish(staged);
        assertThat(readAll(staged.digest())).isEqualTo(whole);

        StagedBlob reordered = store.assemble(upload, List.of(3, 1), NO_LIMIT);
        assertThat(reordered.digest()).isEqualTo(sha256(concat(three, one)));
        store.discard(reordered);
        assertThat(store.parts(upload)).as("assembling keeps the parts").hasSize(3);
    }

    @Test
    void aResentPartReplacesTheEarlierCopy() throws Exception {
        UploadId upload = new UploadId(UUID.randomUUID());
        byte[] first = bytes(1000, 41);
        byte[] resent = bytes(2000, 42);

        store.writePart(upload, 1, new ByteArrayInputStream(first), NO_LIMIT);
        store.writePart(upload, 1, new ByteArrayInputStream(resent), NO_LIMIT);

        assertThat(store.parts(upload)).containsExactly(new PartInfo(1, resent.length, sha256(resent)));
        StagedBlob assembled = store.assemble(upload, List.of(1), NO_LIMIT);
        assertThat(assembled.digest()).isEqualTo(sha256(resent));
        store.discard(assembled);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aResendThatBreaksOrIsTooLargeLeavesTheEarlierCopyWhole() throws Exception {
        UploadId upload = new UploadId(UUID.randomUUID());
        byte[] first = bytes(1000, 43);
        store.writePart(upload, 1, new ByteArrayInputStream(first), NO_LIMIT);

        IOException cut = new IOException("connection reset");
        assertThatThrownBy(() -> store.writePart(upload, 1, new BreakingInputStream(bytes(LARGE, 44), 600_000, cut), NO_LIMIT))
                .isSameAs(cut);
        assertThatThrownBy(() -> store.writePart(upload, 1, new ByteArrayInputStream(bytes(2000, 45)), 1999))
                .isInstanceOf(BlobTooLargeException.class);

        assertThat(store.parts(upload)).containsExactly(new PartInfo(1, first.length, sha256(first)));
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void assemblingWithAMissingPartFailsNamingIt() throws Exception {
        UploadId upload = new UploadId(UUID.randomUUID());
        store.writePart(upload, 1, new ByteArrayInputStream(bytes(100, 51)), NO_LIMIT);
        store.writePart(upload, 2, new ByteArrayInputStream(bytes(100, 52)), NO_LIMIT);

        assertThatThrownBy(() -> store.assemble(upload, List.of(1, 2, 4), NO_LIMIT))
                .isInstanceOf(BlobNotFoundException.class)
                .hasMessageContaining("part 4");
        assertThatThrownBy(() -> store.assemble(new UploadId(UUID.randomUUID()), List.of(1), NO_LIMIT))
                .isInstanceOf(BlobNotFoundException.class)
                .hasMessageContaining("part 1");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void assemblingMoreThanTheLimitFailsAndLeavesNothing() throws Exception {
        UploadId upload = new UploadId(UUID.randomUUID());
        store.writePart(upload, 1, new ByteArrayInputStream(bytes(600, 53)), NO_LIMIT);
        store.writePart(upload, 2, new ByteArrayInputStream(bytes(600, 54)), NO_LIMIT);

        assertThatThrownBy(() -> store.assemble(upload, List.of(1, 2), 1199)).isInstanceOf(BlobTooLargeException.class);

        assertThat(leftovers()).isEmpty();
        assertThat(store.assemble(upload, List.of(1, 2), 1200).size()).isEqualTo(1200);
    }

    @Test
    void partNumbersAndPartListsAreChecked() {
        UploadId upload = new UploadId(UUID.randomUUID());

        for (int bad : List.of(0, -1, BlobStore.MAX_PARTS + 1)) {
            assertThatThrownBy(() -> store.writePart(upload, bad, InputStream.nullInputStream(), NO_LIMIT))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.assemble(upload, List.of(), NO_LIMIT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.assemble(upload, List.of(1, 1), NO_LIMIT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.assemble(upload, List.of(0), NO_LIMIT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHighestPartNumberWorks() throws Exception {
        UploadId upload = new UploadId(UUID.randomUUID());

        store.writePart(upload, BlobStore.MAX_PARTS, new ByteArrayInputStream(bytes(10, 55)), NO_LIMIT);

        assertThat(store.parts(upload)).extracting(PartInfo::partNumber).containsExactly(BlobStore.MAX_PARTS);
    }

    @Test
    void deletingPartsRemovesThemAll() throws Exception {
        UploadId upload = new UploadId(UUID.randomUUID());
        UploadId other = new UploadId(UUID.randomUUID());
        store.writePart(upload, 1, new ByteArrayInputStream(bytes(10, 61)), NO_LIMIT);
        store.writePart(upload, 2, new ByteArrayInputStream(bytes(10, 62)), NO_LIMIT);
        store.writePart(other, 1, new ByteArrayInputStream(bytes(10, 63)), NO_LIMIT);

        store.deleteParts(upload);
        store.deleteParts(upload);
        store.deleteParts(new UploadId(UUID.randomUUID()));

        assertThat(store.parts(upload)).isEmpty();
        assertThat(store.parts(other)).hasSize(1);
        assertThat(store.parts(new UploadId(UUID.randomUUID()))).isEmpty();
    }

    // --- concurrency

    @Test
    void concurrentUploadsOfTheSameBytesEndWithOneIntactBlob() throws Exception {
        byte[] content = bytes(HashingCopy.BUFFER_SIZE * 2 + 1, 70);
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<BlobInfo>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit((Callable<BlobInfo>) () -> {
                    start.await();
                    return store.publish(store.stage(new ByteArrayInputStream(content), NO_LIMIT));
                }));
            }
            start.countDown();
            for (Future<BlobInfo> result : results) {
                assertThat(result.get().digest()).isEqualTo(sha256(content));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(allBlobs()).extracting(BlobInfo::digest).containsExactly(sha256(content));
        assertThat(store.verify(sha256(content)).intact()).isTrue();
        assertThat(readAll(sha256(content))).isEqualTo(content);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void theStoreProbesHealthy() throws Exception {
        store.probe();
        assertThat(store.backend()).isNotBlank();
    }

    // --- helpers

    protected List<BlobInfo> allBlobs() throws IOException {
        List<BlobInfo> all = new ArrayList<>();
        store.forEach(all::add);
        return all;
    }

    protected byte[] readAll(Sha256 digest) throws IOException {
        return read(digest, 0, Long.MAX_VALUE);
    }

    protected byte[] read(Sha256 digest, long offset, long length) throws IOException {
        try (InputStream in = store.open(digest, offset, length)) {
            return in.readAllBytes();
        }
    }

    protected static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    protected static Sha256 sha256(byte[] bytes) {
        return Sha256.of(HashingCopy.sha256().digest(bytes));
    }

    protected static byte[] concat(byte[]... arrays) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] array : arrays) {
            out.writeBytes(array);
        }
        return out.toByteArray();
    }

    /** Hands out {@code breakAfter} bytes, then fails like a connection cut mid-upload. */
    protected static final class BreakingInputStream extends InputStream {
        private final ByteArrayInputStream bytes;
        private final IOException failure;
        private int remaining;

        public BreakingInputStream(byte[] content, int breakAfter, IOException failure) {
            this.bytes = new ByteArrayInputStream(content);
            this.remaining = breakAfter;
            this.failure = failure;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                throw failure;
            }
            int n = bytes.read(b, off, Math.min(len, remaining));
            remaining -= n;
            return n;
        }
    }
}
